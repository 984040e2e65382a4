terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.80, < 7.0" }
  }
}

# The tests point the provider at the emulator through AWS_ENDPOINT_URL.
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { service = "orders", environment = "prod", owner = "team-orders" }
  }
}
