terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }

  # Partial configuration from backend-aws.hcl, as for the environments; this root is applied
  # separately, from the organisation's management account.
  backend "s3" {}
}
