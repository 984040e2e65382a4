# An orders HTTP API: a JWT-protected create route, a read route behind a Lambda REQUEST
# authorizer with its own throttling, an IAM-authorized delete and one explicitly public health
# check; encrypted JSON access logs, CORS for one origin, alarms to an encrypted topic.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "http-api-complete" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
}

resource "aws_kms_key" "api" {
  description             = "${var.name}: access logs and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "LogsEncryptThisAccountsGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${local.account_id}:log-group:*" }
        }
      },
      {
        Sid       = "CloudWatchPublishesForThisAccount"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

# The alarm topic, from the sns-topic module: encrypted, TLS-only, and only this account's
# CloudWatch alarms may publish to it.
module "alarm_topic" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = aws_kms_key.api.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [data.aws_caller_identity.current.account_id]
    }
  }
}

# Stand-in for the organisation's permissions boundary (the permissions-boundary module builds the
# real one): the most the functions' roles may ever do, whatever their own policies say.
resource "aws_iam_policy" "boundary" {
  name        = "${var.name}-boundary"
  description = "Permissions boundary of the ${var.name} example's roles."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WorkloadServices"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords", "kms:Decrypt"]
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

# The backend and the tenant authorizer, from the lambda-function module: each with its own role,
# log group, alarms, tracing and a bounded share of the account's concurrency.
module "functions" {
  source   = "../../../lambda-function"
  for_each = { orders = "app.handler", authorizer = "app.authorize" }

  name        = "${var.name}-${each.key}"
  description = "The ${each.key} function of the orders HTTP API."
  package     = { zip_path = var.zip_path }
  handler     = each.value
  runtime     = "python3.12"

  kms_key_arn              = aws_kms_key.api.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 10
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn
}

module "api" {
  source = "../../"

  name        = var.name
  description = "Orders API."

  authorizers = {
    users = {
      type     = "jwt"
      issuer   = "https://auth.example.com/"
      audience = ["orders-api"]
    }
    tenants = {
      type             = "lambda"
      function_arn     = module.functions["authorizer"].function_arn
      function_name    = module.functions["authorizer"].function_name
      identity_sources = ["$request.header.x-demo-tenant"]
    }
  }

  routes = {
    "POST /orders" = {
      function_arn         = module.functions["orders"].function_arn
      function_name        = module.functions["orders"].function_name
      authorizer           = "users"
      authorization_scopes = ["orders/write"]
    }
    "GET /orders/{id}" = {
      function_arn  = module.functions["orders"].function_arn
      function_name = module.functions["orders"].function_name
      authorizer    = "tenants"
      throttling    = { burst_limit = 20, rate_limit = 10 }
    }
    "DELETE /orders/{id}" = {
      function_arn  = module.functions["orders"].function_arn
      function_name = module.functions["orders"].function_name
      authorizer    = "iam"
    }
    "GET /health" = {
      function_arn  = module.functions["orders"].function_arn
      function_name = module.functions["orders"].function_name
      public        = true
    }
  }

  throttling_burst_limit = 100
  throttling_rate_limit  = 50

  cors = { allow_origins = ["https://shop.example.com"] }

  kms_key_arn        = aws_kms_key.api.arn
  log_retention_days = 30
  alarm_topic_arn    = module.alarm_topic.topic_arn

  tags = { example = "http-api-complete" }
}
