# Native tests: mock AWS provider, values known at plan time, one run per behaviour.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  # Values this module's assertions name, over the shared mocks.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/orders-targets"
    }
  }
}

override_resource {
  target          = aws_cloudwatch_event_rule.this["placed"]
  override_during = plan
  values = {
    arn = "arn:aws:events:eu-west-1:123456789012:rule/orders/orders-placed"
  }
}

override_resource {
  target          = aws_cloudwatch_event_rule.this["nightly"]
  override_during = plan
  values = {
    arn = "arn:aws:events:eu-west-1:123456789012:rule/orders-nightly"
  }
}

variables {
  name            = "orders"
  kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts"
  rules = {
    placed = {
      event_pattern = "{\"source\":[\"orders\"]}"
      targets = {
        handler = {
          kind            = "lambda"
          arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
          dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
          retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
        }
        work = {
          kind            = "sqs"
          arn             = "arn:aws:sqs:eu-west-1:123456789012:orders-work"
          dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
          retry_policy    = { maximum_retry_attempts = 10, maximum_event_age_in_seconds = 7200 }
        }
        notify = {
          kind            = "sns"
          arn             = "arn:aws:sns:eu-west-1:123456789012:orders-notifications"
          dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:notify-dlq"
          retry_policy    = { maximum_retry_attempts = 2, maximum_event_age_in_seconds = 600 }
          input_transformer = {
            input_paths    = { order = "$.detail.orderId" }
            input_template = "\"Order <order>\""
          }
        }
        flow = {
          kind            = "sfn"
          arn             = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-flow"
          dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
          retry_policy    = { maximum_retry_attempts = 5, maximum_event_age_in_seconds = 3600 }
        }
      }
    }
    nightly = {
      schedule_expression = "rate(1 day)"
      targets = {
        handler = {
          kind            = "lambda"
          arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
          dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
          retry_policy    = { maximum_retry_attempts = 1, maximum_event_age_in_seconds = 900 }
        }
      }
    }
  }
}

run "bus_is_encrypted_and_account_only" {
  command = plan

  variables {
    rules = {}
  }

  assert {
    condition     = aws_cloudwatch_event_bus.this.kms_key_identifier == var.kms_key_arn && aws_cloudwatch_event_bus.this.name == "orders"
    error_message = "the bus must be encrypted with the given customer key"
  }
  assert {
    condition = jsondecode(aws_cloudwatch_event_bus_policy.this.policy).Statement == [{
      Sid       = "PublishFromThisAccount"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "events:PutEvents"
      Resource  = "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
    }]
    error_message = "without an organisation id only this account may publish"
  }
  assert {
    condition     = length(aws_cloudwatch_event_archive.this) == 0 && length(aws_iam_role.targets) == 0 && length(aws_cloudwatch_metric_alarm.this) == 0
    error_message = "no archive, role or alarms without archive and rules"
  }
  assert {
    condition     = jsondecode(output.kms_key_policy_statements)[0].Condition.StringEquals["kms:EncryptionContext:aws:events:event-bus:arn"] == "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
    error_message = "the key policy statement must be scoped to this bus"
  }
}

run "organisation_publishers" {
  command = plan

  variables {
    rules                     = {}
    publisher_organization_id = "o-abcdef1234"
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_bus_policy.this.policy).Statement[0].Principal == "*" && (
      jsondecode(aws_cloudwatch_event_bus_policy.this.policy).Statement[0].Condition.StringEquals["aws:PrincipalOrgID"] == "o-abcdef1234"
    )
    error_message = "an organisation id opens the bus to that organisation only"
  }
}

run "archive_with_retention" {
  command = plan

  variables {
    archive = { retention_days = 30, event_pattern = "{\"source\":[\"orders\"]}" }
  }

  assert {
    condition     = aws_cloudwatch_event_archive.this[0].retention_days == 30 && aws_cloudwatch_event_archive.this[0].event_source_arn == "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
    error_message = "the archive keeps this bus's events for the given days"
  }
}

run "rules_targets_and_permissions" {
  command = plan

  assert {
    condition     = aws_cloudwatch_event_rule.this["placed"].event_bus_name == "orders" && aws_cloudwatch_event_rule.this["nightly"].event_bus_name == "default"
    error_message = "pattern rules go on the bus, scheduled rules on the default bus"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_event_target.this)) == toset(["placed/handler", "placed/work", "placed/notify", "placed/flow", "nightly/handler"])
    error_message = "targets are keyed <rule>/<target>, so names repeat across rules"
  }
  assert {
    condition = alltrue([for target in values(aws_cloudwatch_event_target.this) :
      length(target.dead_letter_config) == 1 && length(target.retry_policy) == 1
    ])
    error_message = "every target has a dead-letter queue and a retry policy"
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["placed/work"].retry_policy[0].maximum_retry_attempts == 10 && aws_cloudwatch_event_target.this["placed/notify"].dead_letter_config[0].arn == "arn:aws:sqs:eu-west-1:123456789012:notify-dlq"
    error_message = "retry policy and dead-letter queue come from the target"
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["placed/notify"].input_transformer[0].input_paths == tomap({ order = "$.detail.orderId" }) && length(aws_cloudwatch_event_target.this["placed/work"].input_transformer) == 0
    error_message = "input transformers only where asked"
  }
  assert {
    condition     = aws_cloudwatch_event_target.this["placed/flow"].role_arn == "arn:aws:iam::123456789012:role/orders-targets" && aws_cloudwatch_event_target.this["placed/handler"].role_arn == null
    error_message = "only Step Functions and bus targets use the role"
  }
  assert {
    condition     = toset(keys(aws_lambda_permission.targets)) == toset(["placed/handler", "nightly/handler"])
    error_message = "one invoke permission per Lambda target"
  }
  assert {
    condition = (
      aws_lambda_permission.targets["placed/handler"].source_arn == "arn:aws:events:eu-west-1:123456789012:rule/orders/orders-placed" &&
      aws_lambda_permission.targets["nightly/handler"].source_arn == "arn:aws:events:eu-west-1:123456789012:rule/orders-nightly" &&
      aws_lambda_permission.targets["placed/handler"].statement_id == "orders-placed-handler" &&
      aws_lambda_permission.targets["placed/handler"].principal == "events.amazonaws.com"
    )
    error_message = "each Lambda permission is scoped to its own rule ARN"
  }
}

run "role_is_scoped" {
  command = plan

  assert {
    condition     = jsondecode(aws_iam_role.targets[0].assume_role_policy).Statement[0].Condition.ArnEquals["aws:SourceArn"] == ["arn:aws:events:eu-west-1:123456789012:rule/orders/orders-placed"]
    error_message = "only rules with role targets may assume the role"
  }
  assert {
    condition = jsondecode(aws_iam_role_policy.targets[0].policy).Statement == [{
      Sid      = "StartStateMachines"
      Effect   = "Allow"
      Action   = "states:StartExecution"
      Resource = ["arn:aws:states:eu-west-1:123456789012:stateMachine:orders-flow"]
    }]
    error_message = "the role may only start the target state machine"
  }
}

run "resource_policy_statements" {
  command = plan

  assert {
    condition     = toset(keys(output.queue_policy_statements)) == toset(["arn:aws:sqs:eu-west-1:123456789012:orders-dlq", "arn:aws:sqs:eu-west-1:123456789012:orders-work", "arn:aws:sqs:eu-west-1:123456789012:notify-dlq"])
    error_message = "every target queue and dead-letter queue gets a statement"
  }
  assert {
    condition = jsondecode(output.queue_policy_statements["arn:aws:sqs:eu-west-1:123456789012:orders-dlq"]).Condition.ArnEquals["aws:SourceArn"] == [
      "arn:aws:events:eu-west-1:123456789012:rule/orders-nightly",
      "arn:aws:events:eu-west-1:123456789012:rule/orders/orders-placed",
    ]
    error_message = "a shared dead-letter queue accepts exactly the rules that use it"
  }
  assert {
    condition     = jsondecode(output.topic_policy_statements["arn:aws:sns:eu-west-1:123456789012:orders-notifications"]).Action == "sns:Publish"
    error_message = "topics get an sns:Publish statement"
  }
}

run "alarms_by_default" {
  command = plan

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["placed-failed-invocations", "placed-sent-to-dlq", "nightly-failed-invocations", "nightly-sent-to-dlq"])
    error_message = "two alarms per rule"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["placed-sent-to-dlq"].dimensions == tomap({ EventBusName = "orders", RuleName = "orders-placed" }) && aws_cloudwatch_metric_alarm.this["nightly-failed-invocations"].dimensions == tomap({ RuleName = "orders-nightly" })
    error_message = "custom-bus rule metrics carry the bus name; default-bus rule metrics do not"
  }
}

run "alarms_off_explicitly" {
  command = plan

  variables {
    alarms_enabled  = false
    alarm_topic_arn = null
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0
    error_message = "no alarms when switched off"
  }
}
