# Remote state of envs/org, in the management account: `terraform init -backend-config=backend-aws.hcl`.
bucket       = "slsguard-terraform-state-org"
key          = "envs/org/guardrails.tfstate"
region       = "eu-west-1"
encrypt      = true
kms_key_id   = "alias/slsguard-terraform-state-org"
use_lockfile = true
