# A key for an order-processing service: an operator role administers it, the worker's role uses
# it, SQS may use it on the roles' behalf, and the services that feed the service's encrypted log
# groups, queues and alarm topics may encrypt with it.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "kms-key-complete" }
  }
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_iam_policy_document" "operator_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

# Stand-in for the organisation's permissions boundary (the permissions-boundary module builds the
# real one): the most either role may ever do, whatever the key policy grants it.
resource "aws_iam_policy" "boundary" {
  name        = "${var.name}-boundary"
  description = "Permissions boundary of the ${var.name} example's roles."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "KeyUseAndAdministration"
        Effect   = "Allow"
        Action   = ["kms:*", "logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "*"
      },
      {
        Sid      = "NeverIdentityAdministration"
        Effect   = "Deny"
        Action   = ["iam:*", "organizations:*", "account:*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "operator" {
  name                 = "${var.name}-key-operator"
  assume_role_policy   = data.aws_iam_policy_document.operator_assume.json
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role" "worker" {
  name                 = "${var.name}-worker"
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume.json
  permissions_boundary = aws_iam_policy.boundary.arn
}

module "key" {
  source = "../../"

  name                    = var.name
  description             = "Orders service: queues, topics and log groups"
  rotation_period_in_days = 180
  deletion_window_in_days = 7

  administrators = [aws_iam_role.operator.arn]
  users          = [aws_iam_role.worker.arn]

  service_principals = {
    Sqs = {
      service      = "sqs.amazonaws.com"
      via_services = ["sqs.${var.region}.amazonaws.com"]
    }
  }

  allow_cloudwatch_logs   = true
  allow_eventbridge       = true
  allow_sns               = true
  allow_cloudwatch_alarms = true
  allow_budgets           = true

  tags = { example = "kms-key-complete" }
}
