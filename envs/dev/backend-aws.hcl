# Remote state of envs/dev on AWS: `terraform init -backend-config=backend-aws.hcl`
# (scripts/envctl.py does this for TARGET=aws). The bucket is versioned and encrypted with the
# state KMS key; use_lockfile takes Terraform's native S3 lock (no DynamoDB lock table).
bucket       = "slsguard-terraform-state-dev"
key          = "envs/dev/orders-service.tfstate"
region       = "eu-west-1"
encrypt      = true
kms_key_id   = "alias/slsguard-terraform-state-dev"
use_lockfile = true
