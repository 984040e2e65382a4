data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "apigateway" }
data "aws_caller_identity" "current" {}

locals {
  # "POST /orders/{id}" -> method POST, path /orders/{id}; "$default" has neither.
  routes = { for key, route in var.routes : key => merge(route, {
    method = key == "$default" ? null : split(" ", key)[0]
    path   = key == "$default" ? null : split(" ", key)[1]
  }) }

  # The execute-api ARN a request to a route carries: stage/METHOD/path, with path parameters
  # (and ANY) matching any value.
  route_source_paths = { for key, route in local.routes : key => (
    key == "$default" ? "*/$default" :
    "*/${route.method == "ANY" ? "*" : route.method}${replace(route.path, "/\\{[^}]+\\}/", "*")}"
  ) }

  authorization_types = { jwt = "JWT", lambda = "CUSTOM" }
}

resource "aws_apigatewayv2_api" "this" {
  name                         = var.name
  description                  = var.description
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = var.domain != null

  dynamic "cors_configuration" {
    for_each = var.cors == null ? [] : [var.cors]
    content {
      allow_origins     = cors_configuration.value.allow_origins
      allow_methods     = cors_configuration.value.allow_methods
      allow_headers     = cors_configuration.value.allow_headers
      expose_headers    = length(cors_configuration.value.expose_headers) > 0 ? cors_configuration.value.expose_headers : null
      allow_credentials = cors_configuration.value.allow_credentials
      max_age           = cors_configuration.value.max_age_seconds
    }
  }

  tags = var.tags

  lifecycle {
    # Rules across inputs live here (not in variable validations) to keep terraform 1.7 support.
    precondition {
      condition     = !anytrue([for ok in [for route in var.routes : route.authorizer == null || route.authorizer == "iam" || contains(keys(var.authorizers), coalesce(route.authorizer, "-"))] : !ok])
      error_message = "every route's authorizer must be \"iam\" or a key of authorizers."
    }
    precondition {
      condition     = !anytrue([for ok in [for route in var.routes : length(route.authorization_scopes) == 0 || try(var.authorizers[route.authorizer].type == "jwt", false)] : !ok])
      error_message = "authorization_scopes apply to routes with a jwt authorizer only."
    }
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
  }
}

resource "aws_apigatewayv2_authorizer" "this" {
  for_each = var.authorizers

  api_id           = aws_apigatewayv2_api.this.id
  name             = each.key
  authorizer_type  = each.value.type == "jwt" ? "JWT" : "REQUEST"
  identity_sources = each.value.identity_sources

  dynamic "jwt_configuration" {
    for_each = each.value.type == "jwt" ? [each.value] : []
    content {
      issuer   = jwt_configuration.value.issuer
      audience = jwt_configuration.value.audience
    }
  }

  authorizer_uri                    = each.value.type == "lambda" ? "arn:${data.aws_partition.current.partition}:apigateway:${data.aws_service.current.region}:lambda:path/2015-03-31/functions/${each.value.function_arn}/invocations" : null
  authorizer_payload_format_version = each.value.type == "lambda" ? "2.0" : null
  enable_simple_responses           = each.value.type == "lambda" ? true : null
  authorizer_result_ttl_in_seconds  = each.value.type == "lambda" ? each.value.result_ttl_seconds : null
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = local.routes

  api_id                 = aws_apigatewayv2_api.this.id
  description            = "${each.key} -> ${each.value.function_name}"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = each.value.function_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = each.value.timeout_milliseconds
}

resource "aws_apigatewayv2_route" "this" {
  for_each = local.routes

  api_id               = aws_apigatewayv2_api.this.id
  route_key            = each.key
  target               = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  authorization_type   = each.value.authorizer == null ? "NONE" : each.value.authorizer == "iam" ? "AWS_IAM" : local.authorization_types[var.authorizers[each.value.authorizer].type]
  authorizer_id        = each.value.authorizer == null || each.value.authorizer == "iam" ? null : aws_apigatewayv2_authorizer.this[each.value.authorizer].id
  authorization_scopes = length(each.value.authorization_scopes) > 0 ? each.value.authorization_scopes : null
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  dynamic "route_settings" {
    for_each = { for key, route in local.routes : key => route.throttling if route.throttling != null }
    content {
      route_key                = route_settings.key
      throttling_burst_limit   = route_settings.value.burst_limit
      throttling_rate_limit    = route_settings.value.rate_limit
      detailed_metrics_enabled = true
    }
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
      httpMethod         = "$context.httpMethod"
      path               = "$context.path"
      routeKey           = "$context.routeKey"
      protocol           = "$context.protocol"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationStatus  = "$context.integrationStatus"
      integrationError   = "$context.integrationErrorMessage"
      authorizerError    = "$context.authorizer.error"
      principal          = "$context.authorizer.principalId"
    })
  }

  tags = var.tags

  # Route settings name routes that must exist first.
  depends_on = [aws_apigatewayv2_route.this]
}

# One invoke permission per route, scoped to this API, the route's method and its path.
resource "aws_lambda_permission" "routes" {
  for_each = local.routes

  # "name:alias" goes in as name and qualifier: the provider reads the alias back into
  # qualifier, so a qualified function_name would be replaced on every plan.
  statement_id  = "${var.name}-${substr(replace(each.key, "/[^A-Za-z0-9_-]/", "_"), 0, 36)}-${substr(sha1(each.key), 0, 8)}"
  action        = "lambda:InvokeFunction"
  function_name = split(":", each.value.function_name)[0]
  qualifier     = try(split(":", each.value.function_name)[1], null)
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/${local.route_source_paths[each.key]}"
}

resource "aws_lambda_permission" "authorizers" {
  for_each = { for key, authorizer in var.authorizers : key => authorizer if authorizer.type == "lambda" }

  # "name:alias" goes in as name and qualifier: the provider reads the alias back into
  # qualifier, so a qualified function_name would be replaced on every plan.
  statement_id  = "${var.name}-authorizer-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = split(":", each.value.function_name)[0]
  qualifier     = try(split(":", each.value.function_name)[1], null)
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/authorizers/${aws_apigatewayv2_authorizer.this[each.key].id}"
}

resource "aws_apigatewayv2_domain_name" "this" {
  count = var.domain == null ? 0 : 1

  domain_name = var.domain.name

  domain_name_configuration {
    certificate_arn = var.domain.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  tags = var.tags
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count = var.domain == null ? 0 : 1

  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this[0].domain_name
  stage       = aws_apigatewayv2_stage.this.id
}
