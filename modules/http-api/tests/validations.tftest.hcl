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
      "FETCH /orders" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", public = true }
    }
  }

  expect_failures = [var.routes]
}

run "route_function_arn" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "orders", function_name = "orders", public = true }
    }
  }

  expect_failures = [var.routes]
}

run "route_function_name" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "arn:aws:lambda:eu-west-1:123456789012:function:orders", public = true }
    }
  }

  expect_failures = [var.routes]
}

run "route_without_authorizer_must_be_public" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders" }
    }
  }

  expect_failures = [var.routes]
}

run "route_not_public_and_authorized" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", authorizer = "iam", public = true }
    }
  }

  expect_failures = [var.routes]
}

run "route_scopes_need_authorizer" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", public = true, authorization_scopes = ["orders/read"] }
    }
  }

  expect_failures = [var.routes]
}

run "route_timeout_range" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", public = true, timeout_milliseconds = 31000 }
    }
  }

  expect_failures = [var.routes]
}

run "route_throttling_range" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", public = true, throttling = { burst_limit = -1, rate_limit = 10 } }
    }
  }

  expect_failures = [var.routes]
}

run "authorizer_key_not_iam" {
  command = plan

  variables {
    authorizers = {
      iam = { type = "jwt", issuer = "https://auth.example.com/", audience = ["orders"] }
    }
  }

  expect_failures = [var.authorizers]
}

run "authorizer_type_known" {
  command = plan

  variables {
    authorizers = {
      bad = { type = "cognito" }
    }
  }

  expect_failures = [var.authorizers]
}

run "jwt_authorizer_needs_https_issuer_and_audience" {
  command = plan

  variables {
    authorizers = {
      bad = { type = "jwt", issuer = "http://auth.example.com/", audience = ["orders"] }
    }
  }

  expect_failures = [var.authorizers]
}

run "lambda_authorizer_needs_function" {
  command = plan

  variables {
    authorizers = {
      bad = { type = "lambda", function_name = "orders-authorizer" }
    }
  }

  expect_failures = [var.authorizers]
}

run "authorizer_identity_and_ttl" {
  command = plan

  variables {
    authorizers = {
      bad = { type = "jwt", issuer = "https://auth.example.com/", audience = ["orders"], result_ttl_seconds = 7200 }
    }
  }

  expect_failures = [var.authorizers]
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

run "cors_origins_format" {
  command = plan

  variables {
    cors = { allow_origins = ["shop.example.com"] }
  }

  expect_failures = [var.cors]
}

run "cors_no_credentials_with_wildcard" {
  command = plan

  variables {
    cors = { allow_origins = ["*"], allow_credentials = true }
  }

  expect_failures = [var.cors]
}

run "cors_max_age_range" {
  command = plan

  variables {
    cors = { allow_origins = ["https://shop.example.com"], max_age_seconds = 100000 }
  }

  expect_failures = [var.cors]
}

run "domain_name_format" {
  command = plan

  variables {
    domain = { name = "API.Example", certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d" }
  }

  expect_failures = [var.domain]
}

run "domain_certificate_arn" {
  command = plan

  variables {
    domain = { name = "api.example.com", certificate_arn = "arn:aws:iam::123456789012:server-certificate/api" }
  }

  expect_failures = [var.domain]
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

run "route_authorizer_must_exist" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", authorizer = "partners" }
    }
  }

  expect_failures = [aws_apigatewayv2_api.this]
}

run "scopes_only_with_jwt" {
  command = plan

  variables {
    routes = {
      "GET /health" = { function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders", function_name = "orders", authorizer = "iam", authorization_scopes = ["orders/read"] }
    }
  }

  expect_failures = [aws_apigatewayv2_api.this]
}

run "alarms_need_a_topic" {
  command = plan

  variables {
    alarm_topic_arn = null
  }

  expect_failures = [aws_apigatewayv2_api.this]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}
