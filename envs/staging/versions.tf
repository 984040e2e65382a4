terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }

  # Partial configuration: bucket, key, region, KMS key and the native lock file come from
  # backend-aws.hcl (`terraform init -backend-config=backend-aws.hcl`). For the emulator,
  # scripts/envctl.py works in a copy of this folder whose generated backend_override.tf selects
  # a local state file instead.
  backend "s3" {}
}
