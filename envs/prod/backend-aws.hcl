# Remote state of envs/prod on AWS: `terraform init -backend-config=backend-aws.hcl`
# (scripts/envctl.py does this for TARGET=aws). The bucket is versioned and encrypted with the
# state KMS key; use_lockfile takes Terraform's native S3 lock (no DynamoDB lock table).
bucket       = "slsguard-terraform-state-prod"
key          = "envs/prod/orders-service.tfstate"
region       = "eu-west-1"
encrypt      = true
kms_key_id   = "alias/slsguard-terraform-state-prod"
use_lockfile = true
