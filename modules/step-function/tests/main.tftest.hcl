mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/orders-reconcile"
    }
  }
}

variables {
  name                     = "orders-reconcile"
  kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  permissions_boundary_arn = "arn:aws:iam::123456789012:policy/workload-boundary"
  log_retention_days       = 30
  alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:alerts"
  definition = jsonencode({
    StartAt = "Reconcile"
    States = {
      Reconcile = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live", "Payload.$" = "$" }
        Next       = "Report"
      }
      Report = {
        Type       = "Task"
        Resource   = "arn:aws:states:::sqs:sendMessage"
        Parameters = { QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-reports", "MessageBody.$" = "$" }
        End        = true
      }
    }
  })
  grants = {
    worker  = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" }
    reports = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-reports", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/queue-key" }
  }
}

run "defaults_are_secure" {
  command = plan

  assert {
    condition = (
      aws_sfn_state_machine.this.type == "STANDARD" &&
      aws_sfn_state_machine.this.encryption_configuration[0].type == "CUSTOMER_MANAGED_KMS_KEY" &&
      aws_sfn_state_machine.this.encryption_configuration[0].kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" &&
      aws_sfn_state_machine.this.encryption_configuration[0].kms_data_key_reuse_period_seconds == 300 &&
      aws_sfn_state_machine.this.logging_configuration[0].level == "ERROR" &&
      aws_sfn_state_machine.this.logging_configuration[0].include_execution_data &&
      aws_sfn_state_machine.this.logging_configuration[0].log_destination == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/orders-reconcile:*" &&
      aws_sfn_state_machine.this.tracing_configuration[0].enabled
    )
    error_message = "standard, encrypted with the customer key, logging errors with execution data, traced"
  }
  assert {
    condition = (
      aws_cloudwatch_log_group.this.name == "/aws/vendedlogs/states/orders-reconcile" &&
      aws_cloudwatch_log_group.this.retention_in_days == 30 &&
      aws_cloudwatch_log_group.this.kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    )
    error_message = "the log group expires and is encrypted with the customer key"
  }
  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => [s.Action, s.Resource] } == {
      StateMachineKey = [["kms:Decrypt", "kms:GenerateDataKey"], ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]]
      LogDelivery     = [["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"], ["*"]]
      XRay            = [["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], ["*"]]
      Grantworker     = [["lambda:InvokeFunction"], ["arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live"]]
      Grantreports    = [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:orders-reports"]]
      GrantreportsKey = [["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"]]
    }
    error_message = "the role holds exactly the grants, the key for this state machine, log delivery and X-Ray"
  }
  assert {
    condition = (
      [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Condition if s.Sid == "StateMachineKey"][0] == { StringEquals = { "kms:EncryptionContext:aws:states:stateMachineArn" = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-reconcile" } } &&
      [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Condition if s.Sid == "GrantreportsKey"][0] == { StringEquals = { "kms:ViaService" = "sqs.eu-west-1.amazonaws.com" } }
    )
    error_message = "the state machine key only for this state machine, the queue key only through SQS"
  }
  assert {
    condition = (
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "states.amazonaws.com" &&
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012" &&
      aws_iam_role.this.permissions_boundary == "arn:aws:iam::123456789012:policy/workload-boundary"
    )
    error_message = "only this account's state machines assume the role, which carries the boundary"
  }
  assert {
    condition = (
      toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["executions-failed", "executions-timed-out", "executions-throttled"]) &&
      alltrue([for alarm in aws_cloudwatch_metric_alarm.this : alarm.namespace == "AWS/States" && alarm.dimensions.StateMachineArn == "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-reconcile"])
    )
    error_message = "failed, timed-out and throttled executions are alarmed"
  }
}

run "express_with_all_logs_and_no_tracing" {
  command = plan

  variables {
    type                              = "EXPRESS"
    log_level                         = "ALL"
    include_execution_data            = false
    tracing_enabled                   = false
    kms_data_key_reuse_period_seconds = 900
    grants = {
      worker  = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" }
      reports = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-reports" }
      bus     = { type = "event_bus", arn = "arn:aws:events:eu-west-1:123456789012:event-bus/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/bus-key" }
      child   = { type = "state_machine", arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-child" }
    }
  }

  assert {
    condition = (
      aws_sfn_state_machine.this.type == "EXPRESS" &&
      aws_sfn_state_machine.this.logging_configuration[0].level == "ALL" &&
      !aws_sfn_state_machine.this.logging_configuration[0].include_execution_data &&
      !aws_sfn_state_machine.this.tracing_configuration[0].enabled &&
      aws_sfn_state_machine.this.encryption_configuration[0].kms_data_key_reuse_period_seconds == 900
    )
    error_message = "type, log level, execution data, tracing and key reuse are passed through"
  }
  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => s.Action if startswith(s.Sid, "Grant") || s.Sid == "XRay" } == {
      Grantworker  = ["lambda:InvokeFunction"]
      Grantreports = ["sqs:SendMessage"]
      Grantbus     = ["events:PutEvents"]
      GrantbusKey  = ["kms:GenerateDataKey"]
      Grantchild   = ["states:StartExecution"]
    }
    error_message = "each grant type its one action (a bus key: GenerateDataKey); no X-Ray statement without tracing"
  }
}

run "alarms_can_be_switched_off_explicitly" {
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

run "grant_target_starts_this_state_machine_with_its_key" {
  command = plan

  assert {
    condition = (
      output.grant_target.type == "state_machine" &&
      output.grant_target.arn == output.state_machine_arn &&
      endswith(output.grant_target.arn, ":stateMachine:orders-reconcile") &&
      output.grant_target.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    )
    error_message = "the grant_target names this state machine by its plan-time ARN and carries its key (a start encrypts the input with it)"
  }
}
