# The README's quick start, as a service team writes it: every module wired to the others through
# their outputs only (no ARN rebuilt from a name, no waiver). tests/consumer/test_quickstart.py
# plans this root and gates it, and checks that the README shows this very code.

# --- quickstart:begin ---
module "key" {
  source = "../../../modules/kms-key"

  name                    = "orders-prod"
  description             = "orders prod: table, queue, bus, logs and alarm topic"
  allow_cloudwatch_logs   = true
  allow_eventbridge       = true
  allow_cloudwatch_alarms = true
  users                   = [module.worker.role_arn]
}

module "boundary" {
  source = "../../../modules/permissions-boundary"

  name            = "orders-prod-boundary"
  resource_prefix = "orders-prod"
}

# Alarms of every module notify this topic: encrypted, TLS-only, only this account's alarms publish.
module "alerts" {
  source = "../../../modules/sns-topic"

  name        = "orders-prod-alerts"
  kms_key_arn = module.key.key_arn
  publishers = {
    cloudwatchAlarms = { service = "cloudwatch.amazonaws.com", source_accounts = [data.aws_caller_identity.current.account_id] }
  }
}

data "aws_caller_identity" "current" {}

module "table" {
  source = "../../../modules/dynamodb-table"

  name            = "orders-prod-orders"
  kms_key_arn     = module.key.key_arn
  hash_key        = "pk"
  attributes      = { pk = "S" }
  alarm_topic_arn = module.alerts.topic_arn
}

module "queue" {
  source = "../../../modules/sqs-queue"

  name                       = "orders-prod-work"
  kms_key_arn                = module.key.key_arn
  visibility_timeout_seconds = 180
  consumer_timeout_seconds   = 30
  alarm_topic_arn            = module.alerts.topic_arn
}

module "bus" {
  source = "../../../modules/event-bus"

  name            = "orders-prod"
  kms_key_arn     = module.key.key_arn
  alarm_topic_arn = module.alerts.topic_arn
}

module "worker" {
  source = "../../../modules/lambda-function"

  name                     = "orders-prod-worker"
  handler                  = "worker.handler"
  runtime                  = "python3.12"
  package                  = { zip_path = "build/orders.zip" } # `slsguard zip src/ build/orders.zip`
  timeout                  = 30
  reserved_concurrency     = 50
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = 365
  alarm_topic_arn          = module.alerts.topic_arn
  grants = {
    orders = { target = module.table.grant_target, access = "write" } # with the table key's actions
    events = { target = module.bus.grant_target, access = "put" }
  }
  sqs_event_sources = {
    work = { queue_arn = module.queue.queue_arn, kms_key_arn = module.key.key_arn }
  }
}
# --- quickstart:end ---

module "api" {
  source = "../../../modules/lambda-function"

  name                     = "orders-prod-api"
  handler                  = "api.handler"
  runtime                  = "python3.12"
  package                  = { zip_path = "build/orders.zip" }
  reserved_concurrency     = 20
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = 365
  alarm_topic_arn          = module.alerts.topic_arn
  grants = {
    work   = { target = module.queue.grant_target, access = "send" }
    orders = { target = module.table.grant_target, access = "read" }
  }
}

module "http_api" {
  source = "../../../modules/http-api"

  name                   = "orders-prod"
  kms_key_arn            = module.key.key_arn
  log_retention_days     = 365
  throttling_burst_limit = 100
  throttling_rate_limit  = 50
  alarm_topic_arn        = module.alerts.topic_arn
  authorizers = {
    users = { type = "jwt", issuer = "https://auth.example.com/", audience = ["orders"] }
  }
  routes = {
    "POST /orders" = {
      function_arn  = module.api.function_arn
      function_name = module.api.function_name
      authorizer    = "users"
    }
  }
}

module "budget" {
  source = "../../../modules/budget-alerts"

  name              = "orders"
  environment       = "prod"
  limit_amount      = 500
  subscriber_emails = ["platform-team@example.com"]
}

# The partner API: IAM-signed, metered by API keys.
module "partner_api" {
  source = "../../../modules/rest-api"

  name                   = "orders-prod-partners"
  kms_key_arn            = module.key.key_arn
  log_retention_days     = 365
  throttling_burst_limit = 100
  throttling_rate_limit  = 50
  alarm_topic_arn        = module.alerts.topic_arn
  routes = {
    "POST /orders" = {
      function_arn  = module.api.function_arn
      function_name = module.api.function_name
      authorization = "iam"
    }
  }
  usage_plans = {
    standard = { rate_limit = 10, burst_limit = 20, quota = { limit = 10000, period = "DAY" } }
  }
}

# What the organisation's management account applies (usually another root): the guardrails,
# with the boundary this service's roles carry.
module "guardrails" {
  source = "../../../modules/service-control-policies"

  name                          = "orders-guardrails"
  statement_ids                 = ["deny-boundary-removal", "deny-leave-organization", "deny-role-without-approved-boundary"]
  approved_boundary_arn         = module.boundary.policy_arn
  exempt_principal_arn_patterns = ["arn:aws:iam::*:role/platform-break-glass"]
  targets                       = { workloads = "ou-abcd-11111111" }
}
