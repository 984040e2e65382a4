# A multi-tenant orders REST API: two usage-plan tiers (free, pro) with rate, burst and quota, one
# API key per tenant (it meters a tenant, it authorizes nothing), keys and IAM required on every
# method except the public health check, a throttled create route, a read route with a validated query parameter, X-Ray, INFO execution
# logs, encrypted JSON access logs and alarms.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "rest-api-complete" }
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
# real one): the most the function's role may ever do, whatever its own policies say.
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

# The backend, from the lambda-function module: its own log group, alarms, tracing and a bounded
# share of the account's concurrency.
module "function" {
  source = "../../../lambda-function"

  name        = "${var.name}-orders"
  description = "Serves the orders API."
  package     = { zip_path = var.zip_path }
  handler     = "app.handler"
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
  description = "Orders API for partner tenants."

  routes = {
    "POST /orders" = {
      function_arn  = module.function.function_arn
      function_name = module.function.function_name
      authorization = "iam"
      throttling    = { burst_limit = 20, rate_limit = 10 }
    }
    "GET /orders/{id}" = {
      function_arn        = module.function.function_arn
      function_name       = module.function.function_name
      authorization       = "iam"
      required_parameters = ["method.request.querystring.fields"]
      # A nested path: API Gateway addresses its method settings as "orders~1{id}/GET".
      throttling = { burst_limit = 40, rate_limit = 20 }
    }
    "DELETE /admin/orders/{id}" = {
      function_arn  = module.function.function_arn
      function_name = module.function.function_name
      authorization = "iam"
    }
    "GET /health" = {
      function_arn  = module.function.function_arn
      function_name = module.function.function_name
      public        = true
    }
  }

  throttling_burst_limit = 100
  throttling_rate_limit  = 50

  usage_plans = {
    free = { rate_limit = 5, burst_limit = 10, quota = { limit = 1000, period = "DAY" } }
    pro  = { rate_limit = 50, burst_limit = 100, quota = { limit = 1000000, period = "MONTH" } }
  }
  api_keys = {
    tenant_a = { tier = "pro" }
    tenant_b = { tier = "free" }
  }

  kms_key_arn        = aws_kms_key.api.arn
  log_retention_days = 30
  alarm_topic_arn    = module.alarm_topic.topic_arn

  tags = { example = "rest-api-complete" }
}
