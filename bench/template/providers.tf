# Offline provider settings: planning this root makes no AWS call (no credential, account or
# region lookups), so the benchmark template can be re-planned anywhere.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "bench"
  secret_key                  = "bench"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  default_tags {
    tags = { owner = "team-platform", environment = "bench", service = "orders-platform" }
  }
}
