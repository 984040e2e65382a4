# A permissions boundary for the "orders" workload and one Lambda execution role capped by it.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "permissions-boundary-complete" }
  }
}

module "boundary" {
  source = "../../"

  name            = "${var.prefix}-boundary"
  resource_prefix = var.prefix

  tags = { example = "permissions-boundary-complete" }
}

resource "aws_iam_role" "worker" {
  name                 = "${var.prefix}-worker"
  permissions_boundary = module.boundary.policy_arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
