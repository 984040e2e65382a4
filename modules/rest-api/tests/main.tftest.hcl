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
  usage_plans = {
    free = { rate_limit = 5, burst_limit = 10, quota = { limit = 1000, period = "DAY" } }
    pro  = { rate_limit = 50, burst_limit = 100, quota = { limit = 1000000, period = "MONTH" } }
  }
  api_keys = {
    tenant_a = { tier = "pro" }
  }
  routes = {
    "POST /orders" = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name = "orders"
      throttling    = { burst_limit = 20, rate_limit = 10 }
    }
    "GET /orders/{id}/items" = {
      function_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name       = "orders"
      required_parameters = ["method.request.querystring.fields"]
    }
    "DELETE /orders/{id}" = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name = "orders"
      authorization = "iam"
    }
    "GET /health" = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
      function_name = "orders"
      public        = true
    }
  }
}

run "resource_tree_methods_and_integrations" {
  command = plan

  assert {
    condition     = toset(keys(aws_api_gateway_resource.depth1)) == toset(["orders", "health"]) && toset(keys(aws_api_gateway_resource.depth2)) == toset(["orders/{id}"]) && toset(keys(aws_api_gateway_resource.depth3)) == toset(["orders/{id}/items"])
    error_message = "every path prefix is one resource, at its depth"
  }
  assert {
    condition     = aws_api_gateway_resource.depth3["orders/{id}/items"].path_part == "items" && aws_api_gateway_resource.depth1["orders"].parent_id == "root01"
    error_message = "resources hang under their parents"
  }
  assert {
    condition     = aws_api_gateway_request_validator.this.validate_request_body && aws_api_gateway_request_validator.this.validate_request_parameters
    error_message = "the request validator checks body and parameters"
  }
  assert {
    condition     = alltrue([for method in values(aws_api_gateway_method.this) : method.request_validator_id == "val01"])
    error_message = "every method uses the validator"
  }
  assert {
    condition = (
      aws_api_gateway_method.this["POST /orders"].api_key_required &&
      aws_api_gateway_method.this["DELETE /orders/{id}"].api_key_required &&
      aws_api_gateway_method.this["DELETE /orders/{id}"].authorization == "AWS_IAM" &&
      !aws_api_gateway_method.this["GET /health"].api_key_required &&
      aws_api_gateway_method.this["GET /health"].authorization == "NONE"
    )
    error_message = "keys are required on every method while usage plans exist, except public routes"
  }
  assert {
    condition     = aws_api_gateway_method.this["GET /orders/{id}/items"].request_parameters == tomap({ "method.request.querystring.fields" = true })
    error_message = "required parameters reach the method"
  }
  assert {
    condition     = alltrue([for integration in values(aws_api_gateway_integration.this) : integration.type == "AWS_PROXY" && integration.integration_http_method == "POST" && integration.uri == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations"])
    error_message = "every route is a Lambda proxy integration"
  }
  assert {
    condition = (
      aws_lambda_permission.routes["POST /orders"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/POST/orders" &&
      aws_lambda_permission.routes["GET /orders/{id}/items"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/GET/orders/*/items"
    )
    error_message = "each permission names this API, the method and the path (parameters as *)"
  }
}

run "stage_logging_throttling_tracing" {
  command = plan

  assert {
    condition     = aws_api_gateway_stage.this.xray_tracing_enabled && !aws_api_gateway_stage.this.cache_cluster_enabled && aws_api_gateway_stage.this.stage_name == "v1"
    error_message = "X-Ray on, no cache by default"
  }
  assert {
    condition     = aws_api_gateway_stage.this.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.access.arn && aws_cloudwatch_log_group.access.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.access.retention_in_days == 30
    error_message = "access logs go to the encrypted, expiring log group"
  }
  assert {
    condition = (
      aws_api_gateway_method_settings.all.method_path == "*/*" &&
      aws_api_gateway_method_settings.all.settings[0].logging_level == "INFO" &&
      aws_api_gateway_method_settings.all.settings[0].metrics_enabled &&
      !aws_api_gateway_method_settings.all.settings[0].data_trace_enabled &&
      aws_api_gateway_method_settings.all.settings[0].throttling_burst_limit == 100 &&
      aws_api_gateway_method_settings.all.settings[0].throttling_rate_limit == 50
    )
    error_message = "execution logging at INFO, metrics and throttling on every method"
  }
  assert {
    condition     = keys(aws_api_gateway_method_settings.routes) == ["POST /orders"] && aws_api_gateway_method_settings.routes["POST /orders"].method_path == "orders/POST" && aws_api_gateway_method_settings.routes["POST /orders"].settings[0].throttling_burst_limit == 20
    error_message = "throttled routes get a method override"
  }
  assert {
    condition     = length(aws_wafv2_web_acl_association.this) == 0
    error_message = "no WAF association unless asked"
  }
}

run "encrypted_cache_when_caching" {
  command = plan

  variables {
    cache = { size = "0.5", ttl_seconds = 60 }
  }

  assert {
    condition     = aws_api_gateway_stage.this.cache_cluster_enabled && aws_api_gateway_stage.this.cache_cluster_size == "0.5"
    error_message = "the cache cluster is created"
  }
  assert {
    condition     = aws_api_gateway_method_settings.all.settings[0].caching_enabled && aws_api_gateway_method_settings.all.settings[0].cache_data_encrypted && aws_api_gateway_method_settings.all.settings[0].cache_ttl_in_seconds == 60
    error_message = "cached data is encrypted"
  }
}

run "usage_plans_and_keys" {
  command = plan

  assert {
    condition = (
      aws_api_gateway_usage_plan.this["free"].throttle_settings[0].rate_limit == 5 &&
      aws_api_gateway_usage_plan.this["free"].throttle_settings[0].burst_limit == 10 &&
      aws_api_gateway_usage_plan.this["free"].quota_settings[0].limit == 1000 &&
      aws_api_gateway_usage_plan.this["pro"].quota_settings[0].period == "MONTH" &&
      aws_api_gateway_usage_plan.this["pro"].name == "orders-pro"
    )
    error_message = "every tier has its rate, burst and quota"
  }
  assert {
    condition     = aws_api_gateway_api_key.this["tenant_a"].name == "orders-tenant_a" && aws_api_gateway_usage_plan_key.this["tenant_a"].usage_plan_id == "plan01" && aws_api_gateway_usage_plan_key.this["tenant_a"].key_type == "API_KEY"
    error_message = "each tenant key is attached to its tier"
  }
  assert {
    condition     = output.api_key_ids == { tenant_a = "key01" }
    error_message = "only key ids are output"
  }
}

run "waf_when_asked" {
  command = plan

  variables {
    web_acl_arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/orders/0a1b2c3d-1111-2222-3333-444455556666"
  }

  assert {
    condition     = aws_wafv2_web_acl_association.this[0].resource_arn == "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/v1"
    error_message = "the web ACL is associated with the stage"
  }
}

run "redeploys_when_routes_change" {
  command = plan

  variables {
    routes = {
      "GET /health" = {
        function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
        function_name = "orders"
        public        = true
      }
    }
  }

  assert {
    condition     = aws_api_gateway_deployment.this.triggers.routes == sha1(jsonencode({ routes = var.routes, api_key_required = { "GET /health" = false } }))
    error_message = "the deployment is triggered by a hash of the routes"
  }
}

run "alarms_by_default" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.error_rate[0].metric_name == "5XXError" && aws_cloudwatch_metric_alarm.error_rate[0].threshold == 0.05 && aws_cloudwatch_metric_alarm.latency[0].extended_statistic == "p99"
    error_message = "5XXError rate and p99 latency alarms"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.latency[0].dimensions == tomap({ ApiName = "orders", Stage = "v1" })
    error_message = "alarms watch this API's stage"
  }
}
