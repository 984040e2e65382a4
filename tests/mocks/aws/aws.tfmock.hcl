# Mock AWS data shared by every module's native tests (`tests/*.tftest.hcl`):
#
#   mock_provider "aws" {
#     override_during = plan
#     source          = "../../tests/mocks/aws"
#   }
#
# One account (123456789012) in eu-west-1 of the `aws` partition. A test file that needs another
# value for its module (a role ARN its assertions name, another partition) sets it with an
# inline mock_data / mock_resource block inside its mock_provider, which wins over this file.

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

# The modules read the region from data.aws_service (aws_region's name is deprecated in 6.x).
mock_data "aws_service" {
  defaults = {
    region = "eu-west-1"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:role/deployer"
    user_id    = "AROAEXAMPLEID:deployer"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

mock_resource "aws_kms_alias" {
  defaults = {
    arn = "arn:aws:kms:eu-west-1:123456789012:alias/orders"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mocked"
  }
}

# The API modules' access log group; lambda-function names its own.
mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/orders/access"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:orders-prod-monthly-alerts"
  }
}

mock_resource "aws_ce_anomaly_monitor" {
  defaults = {
    arn = "arn:aws:ce::123456789012:anomalymonitor/mocked"
  }
}

mock_resource "aws_organizations_policy" {
  defaults = {
    id  = "p-examplepolicy"
    arn = "arn:aws:organizations::123456789012:policy/o-exampleorg/service_control_policy/p-examplepolicy"
  }
}

mock_resource "aws_cloudwatch_event_bus" {
  defaults = {
    arn = "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn           = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker"
    qualified_arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:7"
    invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-worker/invocations"
    version       = "7"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live"
    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live/invocations"
  }
}

mock_resource "aws_lambda_event_source_mapping" {
  defaults = {
    uuid = "6c1a6c1e-0000-4000-8000-000000000001"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    id            = "a1b2c3d4e5"
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
    api_endpoint  = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"
  }
}

mock_resource "aws_apigatewayv2_integration" {
  defaults = {
    id = "integ01"
  }
}

mock_resource "aws_apigatewayv2_authorizer" {
  defaults = {
    id = "auth01"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    id = "$default"
  }
}

mock_resource "aws_api_gateway_rest_api" {
  defaults = {
    id               = "a1b2c3d4e5"
    root_resource_id = "root01"
    execution_arn    = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
  }
}

mock_resource "aws_api_gateway_resource" {
  defaults = {
    id = "res01"
  }
}

mock_resource "aws_api_gateway_request_validator" {
  defaults = {
    id = "val01"
  }
}

mock_resource "aws_api_gateway_usage_plan" {
  defaults = {
    id = "plan01"
  }
}

mock_resource "aws_api_gateway_api_key" {
  defaults = {
    id = "key01"
  }
}

mock_resource "aws_api_gateway_stage" {
  defaults = {
    arn = "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/v1"
  }
}
