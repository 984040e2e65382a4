# The two front doors of the api function: the public HTTP API for customers (JWT from the
# identity provider) and the partner REST API (IAM-signed requests, metered by API keys in
# usage-plan tiers). Both call the "live"
# alias when the function has one (provisioned concurrency), otherwise the function itself.

locals {
  api_target = {
    function_arn  = module.api_function.invoke_target_arn
    function_name = module.api_function.alias_name == null ? module.api_function.function_name : "${module.api_function.function_name}:${module.api_function.alias_name}"
  }
}

module "http_api" {
  source = "../../modules/http-api"

  name        = "${local.name}-http"
  description = "orders ${var.environment}: customers create and read their orders (JWT)."

  authorizers = {
    customers = {
      type     = "jwt"
      issuer   = var.http_api.jwt_issuer
      audience = var.http_api.jwt_audience
    }
  }
  routes = {
    "POST /orders" = merge(local.api_target, {
      authorizer           = "customers"
      authorization_scopes = ["orders/write"]
    })
    "GET /orders/{id}" = merge(local.api_target, {
      authorizer           = "customers"
      authorization_scopes = ["orders/read"]
    })
  }

  throttling_burst_limit = var.http_api.throttling_burst_limit
  throttling_rate_limit  = var.http_api.throttling_rate_limit

  kms_key_arn              = module.key.key_arn
  log_retention_days       = var.log_retention_days
  alarm_topic_arn          = local.alerts_topic_arn
  error_rate_alarm_percent = var.alarms.api_5xx_rate_percent
  latency_alarm_p99_ms     = var.alarms.api_p99_latency_ms

  tags = local.tags
}

module "partner_api" {
  source = "../../modules/rest-api"

  name        = "${local.name}-partners"
  description = "orders ${var.environment}: partners create and read orders with an API key of their tier."

  # An API key identifies the partner's tier (throttling and quota) but authorizes nothing, so
  # every method also requires a SigV4 signature (IAM) from a partner role, and the key.
  routes = {
    "POST /orders"     = merge(local.api_target, { authorization = "iam" })
    "GET /orders/{id}" = merge(local.api_target, { authorization = "iam" })
  }

  throttling_burst_limit = var.partner_api.throttling_burst_limit
  throttling_rate_limit  = var.partner_api.throttling_rate_limit
  usage_plans = { for tier, plan in var.partner_api.tiers : tier => {
    description = "${tier} partners: ${plan.rate_limit} requests/s, ${plan.quota_per_month} requests/month"
    rate_limit  = plan.rate_limit
    burst_limit = plan.burst_limit
    quota       = { limit = plan.quota_per_month, period = "MONTH" }
  } }

  kms_key_arn              = module.key.key_arn
  log_retention_days       = var.log_retention_days
  alarm_topic_arn          = local.alerts_topic_arn
  error_rate_alarm_percent = var.alarms.api_5xx_rate_percent
  latency_alarm_p99_ms     = var.alarms.api_p99_latency_ms

  tags = local.tags
}
