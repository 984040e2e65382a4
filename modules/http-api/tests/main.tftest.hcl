# Native tests: mock AWS provider, values known at plan time, one run per behaviour.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name                   = "orders"
  kms_key_arn            = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  log_retention_days     = 30
  alarm_topic_arn        = "arn:aws:sns:eu-west-1:123456789012:alerts"
  throttling_burst_limit = 100
  throttling_rate_limit  = 50
  authorizers = {
    users = {
      type     = "jwt"
      issuer   = "https://auth.example.com/"
      audience = ["orders-api"]
    }
    tenants = {
      type          = "lambda"
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders-authorizer"
      function_name = "orders-authorizer"
    }
  }
  routes = {
    "POST /orders" = {
      function_arn         = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name        = "orders"
      authorizer           = "users"
      authorization_scopes = ["orders/write"]
    }
    "GET /orders/{id}" = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name = "orders"
      authorizer    = "tenants"
      throttling    = { burst_limit = 20, rate_limit = 10 }
    }
    "ANY /admin/{proxy+}" = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name = "orders"
      authorizer    = "iam"
    }
    "GET /health" = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name = "orders"
      public        = true
    }
  }
}

run "routes_integrations_and_authorization" {
  command = plan

  assert {
    condition     = alltrue([for integration in values(aws_apigatewayv2_integration.this) : integration.integration_type == "AWS_PROXY" && integration.payload_format_version == "2.0"])
    error_message = "every route is a Lambda proxy integration with payload 2.0"
  }
  assert {
    condition = (
      aws_apigatewayv2_route.this["POST /orders"].authorization_type == "JWT" &&
      aws_apigatewayv2_route.this["POST /orders"].authorizer_id == "auth01" &&
      aws_apigatewayv2_route.this["GET /orders/{id}"].authorization_type == "CUSTOM" &&
      aws_apigatewayv2_route.this["ANY /admin/{proxy+}"].authorization_type == "AWS_IAM" &&
      aws_apigatewayv2_route.this["ANY /admin/{proxy+}"].authorizer_id == null &&
      aws_apigatewayv2_route.this["GET /health"].authorization_type == "NONE"
    )
    error_message = "routes map their authorizer to JWT, CUSTOM, AWS_IAM or (public) NONE"
  }
  assert {
    condition     = aws_apigatewayv2_route.this["POST /orders"].authorization_scopes == toset(["orders/write"])
    error_message = "JWT scopes are set on the route"
  }
  assert {
    condition     = aws_apigatewayv2_authorizer.this["users"].authorizer_type == "JWT" && aws_apigatewayv2_authorizer.this["users"].jwt_configuration[0].issuer == "https://auth.example.com/"
    error_message = "the jwt authorizer carries issuer and audience"
  }
  assert {
    condition = (
      aws_apigatewayv2_authorizer.this["tenants"].authorizer_type == "REQUEST" &&
      aws_apigatewayv2_authorizer.this["tenants"].authorizer_payload_format_version == "2.0" &&
      aws_apigatewayv2_authorizer.this["tenants"].authorizer_uri == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-authorizer/invocations"
    )
    error_message = "the lambda authorizer is a payload 2.0 REQUEST authorizer calling the function"
  }
}

run "permissions_are_scoped_to_route" {
  command = plan

  assert {
    condition = (
      aws_lambda_permission.routes["POST /orders"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/POST/orders" &&
      aws_lambda_permission.routes["GET /orders/{id}"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/GET/orders/*" &&
      aws_lambda_permission.routes["ANY /admin/{proxy+}"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/*/admin/*"
    )
    error_message = "each permission names this API, the route's method and its path (parameters as *)"
  }
  assert {
    condition     = length(distinct([for permission in values(aws_lambda_permission.routes) : permission.statement_id])) == 4
    error_message = "statement ids are unique per route"
  }
  assert {
    condition     = aws_lambda_permission.authorizers["tenants"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/authorizers/auth01" && !contains(keys(aws_lambda_permission.authorizers), "users")
    error_message = "lambda authorizers get a permission scoped to the authorizer; jwt ones none"
  }
}

run "stage_throttling_logs_and_metrics" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_stage.this.name == "$default" && aws_apigatewayv2_stage.this.auto_deploy
    error_message = "a $default stage that deploys automatically"
  }
  assert {
    condition = (
      aws_apigatewayv2_stage.this.default_route_settings[0].throttling_burst_limit == 100 &&
      aws_apigatewayv2_stage.this.default_route_settings[0].throttling_rate_limit == 50 &&
      aws_apigatewayv2_stage.this.default_route_settings[0].detailed_metrics_enabled
    )
    error_message = "default throttling and detailed metrics on the stage"
  }
  assert {
    condition     = [for setting in aws_apigatewayv2_stage.this.route_settings : [setting.route_key, setting.throttling_burst_limit, setting.throttling_rate_limit]] == [["GET /orders/{id}", 20, 10]]
    error_message = "only routes with throttling get an override"
  }
  assert {
    condition     = aws_apigatewayv2_stage.this.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.access.arn && jsondecode(aws_apigatewayv2_stage.this.access_log_settings[0].format).requestId == "$context.requestId"
    error_message = "JSON access logs go to the module's log group"
  }
  assert {
    condition     = aws_cloudwatch_log_group.access.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.access.retention_in_days == 30
    error_message = "the log group is encrypted and expires"
  }
}

run "no_domain_by_default" {
  command = plan

  assert {
    condition     = length(aws_apigatewayv2_domain_name.this) == 0 && !aws_apigatewayv2_api.this.disable_execute_api_endpoint && output.domain_target == null
    error_message = "no custom domain unless asked, and the default endpoint stays on"
  }
}

run "domain_when_asked" {
  command = plan

  variables {
    domain = { name = "api.example.com", certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" }
  }

  assert {
    condition = (
      aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].security_policy == "TLS_1_2" &&
      aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].endpoint_type == "REGIONAL" &&
      aws_apigatewayv2_api.this.disable_execute_api_endpoint &&
      length(aws_apigatewayv2_api_mapping.this) == 1
    )
    error_message = "a custom domain uses TLS 1.2 and disables the execute-api endpoint"
  }
}

run "cors" {
  command = plan

  variables {
    cors = { allow_origins = ["https://shop.example.com"], allow_credentials = true }
  }

  assert {
    condition     = aws_apigatewayv2_api.this.cors_configuration[0].allow_origins == toset(["https://shop.example.com"]) && aws_apigatewayv2_api.this.cors_configuration[0].allow_credentials
    error_message = "CORS settings reach the API"
  }
}

run "alarms_by_default" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.latency[0].extended_statistic == "p99" && aws_cloudwatch_metric_alarm.latency[0].threshold == 3000 && aws_cloudwatch_metric_alarm.latency[0].dimensions == tomap({ ApiId = "a1b2c3d4e5", Stage = "$default" })
    error_message = "a p99 latency alarm on the stage"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.error_rate[0].threshold == 5 && length(aws_cloudwatch_metric_alarm.error_rate[0].metric_query) == 3 && aws_cloudwatch_metric_alarm.error_rate[0].alarm_actions == toset([var.alarm_topic_arn])
    error_message = "a 5xx-rate alarm (metric math over 5xx and Count) to the topic"
  }
}

run "alarms_off_explicitly" {
  command = plan

  variables {
    alarms_enabled  = false
    alarm_topic_arn = null
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.error_rate) == 0 && length(aws_cloudwatch_metric_alarm.latency) == 0
    error_message = "no alarms when switched off"
  }
}
