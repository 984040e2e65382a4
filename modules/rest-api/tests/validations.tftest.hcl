# One expect_failures run per validation and precondition of the module; the variables block
# below is valid, each run breaks it in one place.

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

run "valid_inputs_plan" {
  command = plan
}

run "name_format" {
  command = plan

  variables {
    name = "orders api"
  }

  expect_failures = [var.name]
}

run "stage_name_format" {
  command = plan

  variables {
    stage_name = "v1/live"
  }

  expect_failures = [var.stage_name]
}

run "routes_not_empty" {
  command = plan

  variables {
    routes = {}
  }

  expect_failures = [var.routes]
}

run "route_key_format" {
  command = plan

  variables {
    routes = {
      "FETCH /orders" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders" }
    }
  }

  expect_failures = [var.routes]
}

run "route_key_depth" {
  command = plan

  variables {
    routes = {
      "GET /a/b/c/d" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders" }
    }
  }

  expect_failures = [var.routes]
}

run "route_function_arn" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "orders", function_name = "orders" }
    }
  }

  expect_failures = [var.routes]
}

run "route_function_name" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "arn:aws:lambda:eu-west-1:123456789012:function:orders" }
    }
  }

  expect_failures = [var.routes]
}

run "route_authorization_known" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", authorization = "cognito" }
    }
  }

  expect_failures = [var.routes]
}

run "route_not_public_and_iam" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", authorization = "iam", public = true }
    }
  }

  expect_failures = [var.routes]
}

run "route_required_parameter_format" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", required_parameters = ["fields"] }
    }
  }

  expect_failures = [var.routes]
}

run "route_throttling_range" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", throttling = { burst_limit = -1, rate_limit = 10 } }
    }
  }

  expect_failures = [var.routes]
}

run "burst_limit_range" {
  command = plan

  variables {
    throttling_burst_limit = 0
  }

  expect_failures = [var.throttling_burst_limit]
}

run "rate_limit_range" {
  command = plan

  variables {
    throttling_rate_limit = 0
  }

  expect_failures = [var.throttling_rate_limit]
}

run "usage_plan_tier_name" {
  command = plan

  variables {
    usage_plans = { Free = { rate_limit = 5, burst_limit = 10, quota = { limit = 1000, period = "DAY" } } }
  }

  expect_failures = [var.usage_plans]
}

run "usage_plan_limits" {
  command = plan

  variables {
    usage_plans = { free = { rate_limit = 0, burst_limit = 10, quota = { limit = 1000, period = "DAY" } } }
  }

  expect_failures = [var.usage_plans]
}

run "usage_plan_quota" {
  command = plan

  variables {
    usage_plans = { free = { rate_limit = 5, burst_limit = 10, quota = { limit = 1000, period = "YEAR" } } }
  }

  expect_failures = [var.usage_plans]
}

run "api_key_tenant_name" {
  command = plan

  variables {
    api_keys = { "tenant a" = { tier = "free" } }
  }

  expect_failures = [var.api_keys]
}

run "cache_size_known" {
  command = plan

  variables {
    cache = { size = "2" }
  }

  expect_failures = [var.cache]
}

run "kms_key_must_be_a_key_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/logs"
  }

  expect_failures = [var.kms_key_arn]
}

run "log_retention_is_finite" {
  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
}

run "web_acl_is_regional_wafv2" {
  command = plan

  variables {
    web_acl_arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/orders/0a1b2c3d"
  }

  expect_failures = [var.web_acl_arn]
}

run "alarm_topic_is_a_topic_arn" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sqs:eu-west-1:123456789012:alerts"
  }

  expect_failures = [var.alarm_topic_arn]
}

run "error_rate_percent_range" {
  command = plan

  variables {
    error_rate_alarm_percent = 150
  }

  expect_failures = [var.error_rate_alarm_percent]
}

run "latency_threshold_range" {
  command = plan

  variables {
    latency_alarm_p99_ms = 60000
  }

  expect_failures = [var.latency_alarm_p99_ms]
}

run "api_key_tier_must_exist" {
  command = plan

  variables {
    api_keys = { tenant_b = { tier = "enterprise" } }
  }

  expect_failures = [aws_api_gateway_rest_api.this]
}

run "unauthenticated_route_must_be_public" {
  command = plan

  variables {
    usage_plans = {}
    api_keys    = {}
    routes = {
      "GET /orders" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders" }
    }
  }

  expect_failures = [aws_api_gateway_rest_api.this]
}

run "alarms_need_a_topic" {
  command = plan

  variables {
    alarm_topic_arn = null
  }

  expect_failures = [aws_api_gateway_rest_api.this]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}
