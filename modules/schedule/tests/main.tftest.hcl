mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/orders-nightly-scheduler"
    }
  }
}

variables {
  name                     = "orders-nightly"
  schedule_expression      = "cron(0 2 * * ? *)"
  kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  permissions_boundary_arn = "arn:aws:iam::123456789012:policy/workload-boundary"
  alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:alerts"
  target = {
    type  = "lambda_function"
    arn   = "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile:live"
    input = "{\"mode\":\"nightly\"}"
  }
  dead_letter_queue = {
    type        = "sqs_queue"
    arn         = "arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/queue-key"
  }
}

run "defaults_are_safe" {
  command = plan

  assert {
    condition = (
      aws_scheduler_schedule.this.group_name == "default" &&
      aws_scheduler_schedule.this.schedule_expression_timezone == "UTC" &&
      aws_scheduler_schedule.this.state == "ENABLED" &&
      aws_scheduler_schedule.this.kms_key_arn == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" &&
      aws_scheduler_schedule.this.flexible_time_window[0].mode == "OFF"
    )
    error_message = "the schedule runs on time in UTC in the default group, encrypted with the customer key"
  }
  assert {
    condition = (
      aws_scheduler_schedule.this.target[0].arn == "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile:live" &&
      aws_scheduler_schedule.this.target[0].role_arn == "arn:aws:iam::123456789012:role/orders-nightly-scheduler" &&
      aws_scheduler_schedule.this.target[0].input == "{\"mode\":\"nightly\"}" &&
      aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_retry_attempts == 3 &&
      aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_event_age_in_seconds == 3600 &&
      aws_scheduler_schedule.this.target[0].dead_letter_config[0].arn == "arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq" &&
      length(aws_scheduler_schedule.this.target[0].sqs_parameters) == 0
    )
    error_message = "the target runs with the generated role, a finite retry policy and the dead-letter queue"
  }
  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement == [
      { Sid = "StartTarget", Effect = "Allow", Action = ["lambda:InvokeFunction"], Resource = ["arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile:live"] },
      { Sid = "SendToDeadLetterQueue", Effect = "Allow", Action = ["sqs:SendMessage"], Resource = ["arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq"] },
      {
        Sid       = "DecryptScheduleInput"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
        Condition = { StringEquals = { "kms:EncryptionContext:aws:scheduler:schedule-arn" = "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/orders-nightly" } }
      },
      {
        Sid       = "DeadLetterQueueKey"
        Effect    = "Allow"
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"]
        Condition = { StringEquals = { "kms:ViaService" = "sqs.eu-west-1.amazonaws.com" } }
      },
    ]
    error_message = "the role invokes exactly the target, sends to exactly the DLQ, and uses each key for this schedule or through SQS only"
  }
  assert {
    condition = (
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "scheduler.amazonaws.com" &&
      jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012" &&
      aws_iam_role.this.permissions_boundary == "arn:aws:iam::123456789012:policy/workload-boundary"
    )
    error_message = "only this account's schedules assume the role, which carries the boundary"
  }
  assert {
    condition = (
      toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["target-errors", "dead-lettered", "dead-letter-failed"]) &&
      alltrue([for alarm in aws_cloudwatch_metric_alarm.this : alarm.namespace == "AWS/Scheduler" && alarm.dimensions.ScheduleGroup == "default" && alarm.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:alerts"])])
    )
    error_message = "the group's target errors and dead-letter traffic are alarmed to the topic"
  }
  assert {
    condition     = output.schedule_arn == "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/orders-nightly" && length(aws_scheduler_schedule_group.this) == 0
    error_message = "the schedule ARN is known at plan time; no group is created by default"
  }
}

run "state_machine_in_its_own_group_with_a_flexible_window" {
  command = plan

  variables {
    schedule_expression          = "rate(6 hours)"
    schedule_expression_timezone = "Europe/Paris"
    flexible_time_window_minutes = 15
    enabled                      = false
    group                        = { name = "orders", create = true }
    target                       = { type = "state_machine", arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-reconcile" }
    retry_policy                 = { maximum_retry_attempts = 0, maximum_event_age_in_seconds = 600 }
    dead_letter_queue            = { arn = "arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq" }
    tags                         = { team = "orders" }
  }

  assert {
    condition = (
      aws_scheduler_schedule_group.this[0].name == "orders" && aws_scheduler_schedule_group.this[0].tags.team == "orders" &&
      aws_scheduler_schedule.this.group_name == "orders" &&
      aws_scheduler_schedule.this.state == "DISABLED" &&
      aws_scheduler_schedule.this.schedule_expression_timezone == "Europe/Paris" &&
      aws_scheduler_schedule.this.flexible_time_window[0].mode == "FLEXIBLE" &&
      aws_scheduler_schedule.this.flexible_time_window[0].maximum_window_in_minutes == 15 &&
      aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_retry_attempts == 0
    )
    error_message = "group, time zone, window, state and retries are passed through"
  }
  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => s.Action } == {
      StartTarget           = ["states:StartExecution"]
      SendToDeadLetterQueue = ["sqs:SendMessage"]
      DecryptScheduleInput  = ["kms:Decrypt"]
    }
    error_message = "a state machine target is started, nothing more; a DLQ without key gets no key statement"
  }
  assert {
    condition     = alltrue([for alarm in aws_cloudwatch_metric_alarm.this : alarm.dimensions.ScheduleGroup == "orders"]) && output.schedule_arn == "arn:aws:scheduler:eu-west-1:123456789012:schedule/orders/orders-nightly"
    error_message = "alarms and the ARN follow the group"
  }
}

run "encrypted_state_machine_target_from_a_grant_target" {
  command = plan

  variables {
    # A step-function module's grant_target, with the input the schedule sends.
    target = {
      type        = "state_machine"
      arn         = "arn:aws:states:eu-west-1:123456789012:stateMachine:orders-reconcile"
      kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/workflow-key"
      stream_arn  = null
      input       = "{\"pages\": 0}"
    }
  }

  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if s.Sid == "TargetStateMachineKey"] == [{
      Sid       = "TargetStateMachineKey"
      Effect    = "Allow"
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/workflow-key"]
      Condition = { StringEquals = { "kms:ViaService" = "states.eu-west-1.amazonaws.com" } }
    }]
    error_message = "the role may use the state machine's key, through Step Functions only"
  }
}

run "fifo_queue_target_with_its_key" {
  command = plan

  variables {
    target = {
      type             = "sqs_queue"
      arn              = "arn:aws:sqs:eu-west-1:123456789012:orders-work.fifo"
      kms_key_arn      = "arn:aws:kms:eu-west-1:123456789012:key/work-key"
      message_group_id = "nightly"
    }
  }

  assert {
    condition     = aws_scheduler_schedule.this.target[0].sqs_parameters[0].message_group_id == "nightly"
    error_message = "the FIFO message group is passed through"
  }
  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => s.Resource if s.Sid == "StartTarget" || s.Sid == "TargetQueueKey" } == {
      StartTarget    = ["arn:aws:sqs:eu-west-1:123456789012:orders-work.fifo"]
      TargetQueueKey = ["arn:aws:kms:eu-west-1:123456789012:key/work-key"]
    }
    error_message = "the role sends to exactly the queue and uses its key"
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
