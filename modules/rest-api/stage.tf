resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Routes ${substr(local.deployment_hash, 0, 12)}"

  # A new deployment whenever the routes (or whether they need keys) change.
  triggers = {
    routes = local.deployment_hash
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_method.this, aws_api_gateway_integration.this]
}

locals {
  # Always encrypted when caching; left unset without a cache (nothing to encrypt, and an explicit
  # false would fight the service's own default).
  cache_data_encrypted = var.cache != null ? true : null
  deployment_hash      = sha1(jsonencode({ routes = var.routes, api_key_required = local.api_key_required }))
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id           = aws_api_gateway_rest_api.this.id
  deployment_id         = aws_api_gateway_deployment.this.id
  stage_name            = var.stage_name
  xray_tracing_enabled  = var.xray_tracing_enabled
  cache_cluster_enabled = var.cache != null
  cache_cluster_size    = var.cache == null ? null : var.cache.size

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      extendedRequestId  = "$context.extendedRequestId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
      apiKeyId           = "$context.identity.apiKeyId"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      protocol           = "$context.protocol"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationStatus  = "$context.integration.status"
      errorMessage       = "$context.error.message"
      wafResponse        = "$context.wafResponseCode"
    })
  }

  tags = var.tags
}

# Stage-wide method settings: execution logs at INFO (without request/response bodies, which may
# hold personal data), metrics, the required throttling, and an encrypted cache when there is one.
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    logging_level          = "INFO"
    metrics_enabled        = true
    data_trace_enabled     = false
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
    caching_enabled        = var.cache != null
    cache_data_encrypted   = local.cache_data_encrypted
    cache_ttl_in_seconds   = var.cache == null ? null : var.cache.ttl_seconds
  }
}

# Per-method throttling overrides repeat the stage-wide settings: a method override replaces them.
resource "aws_api_gateway_method_settings" "routes" {
  for_each = { for key, route in local.routes : key => route if route.throttling != null }

  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "${each.value.resource_path}/${each.value.method}"

  settings {
    logging_level          = "INFO"
    metrics_enabled        = true
    data_trace_enabled     = false
    throttling_burst_limit = each.value.throttling.burst_limit
    throttling_rate_limit  = each.value.throttling.rate_limit
    caching_enabled        = var.cache != null
    cache_data_encrypted   = local.cache_data_encrypted
    cache_ttl_in_seconds   = var.cache == null ? null : var.cache.ttl_seconds
  }
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.web_acl_arn == null ? 0 : 1

  resource_arn = aws_api_gateway_stage.this.arn
  web_acl_arn  = var.web_acl_arn
}
