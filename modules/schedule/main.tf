data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "scheduler" }
data "aws_caller_identity" "current" {}

locals {
  group_name = var.group == null ? "default" : var.group.name
  # Built from names so the role policy is known at plan time and the gate judges it before apply.
  schedule_arn = "arn:${data.aws_partition.current.partition}:scheduler:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:schedule/${local.group_name}/${var.name}"
  via_sqs      = { StringEquals = { "kms:ViaService" = "sqs.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }
  via_states   = { StringEquals = { "kms:ViaService" = "states.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }

  target_actions = {
    lambda_function = ["lambda:InvokeFunction"]
    state_machine   = ["states:StartExecution"]
    sqs_queue       = ["sqs:SendMessage"]
  }

  policy_statements = concat(
    [
      {
        Sid      = "StartTarget"
        Effect   = "Allow"
        Action   = local.target_actions[var.target.type]
        Resource = [var.target.arn]
      },
      {
        Sid      = "SendToDeadLetterQueue"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = [var.dead_letter_queue.arn]
      },
      {
        # The target input is encrypted with the schedule's key; only this schedule's context.
        Sid       = "DecryptScheduleInput"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [var.kms_key_arn]
        Condition = { StringEquals = { "kms:EncryptionContext:aws:scheduler:schedule-arn" = local.schedule_arn } }
      },
    ],
    # Encrypted targets and dead-letter queue: SQS needs a data key of the queue's key for every
    # message sent; Step Functions encrypts an execution's input with the state machine's key as the
    # role starts it.
    [for sid, key in {
      TargetQueueKey        = var.target.type == "sqs_queue" ? var.target.kms_key_arn : null
      TargetStateMachineKey = var.target.type == "state_machine" ? var.target.kms_key_arn : null
      DeadLetterQueueKey    = var.dead_letter_queue.kms_key_arn
      } : {
      Sid       = sid
      Effect    = "Allow"
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = [key]
      Condition = sid == "TargetStateMachineKey" ? local.via_states : local.via_sqs
    } if key != null],
  )

  # Trust policy as plain JSON so it is literal at plan time; only schedules of this account.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.${data.aws_partition.current.dns_suffix}" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_scheduler_schedule_group" "this" {
  count = try(var.group.create, false) ? 1 : 0

  name = var.group.name
  tags = var.tags
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-scheduler"
  description          = "Execution role of the EventBridge Scheduler schedule ${var.name}."
  assume_role_policy   = local.assume_role_policy
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "start-target"
  role = aws_iam_role.this.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.policy_statements
  })
}

resource "aws_scheduler_schedule" "this" {
  name        = var.name
  description = var.description
  # The created group by reference, so the schedule waits for it.
  group_name                   = try(aws_scheduler_schedule_group.this[0].name, local.group_name)
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_expression_timezone
  state                        = var.enabled ? "ENABLED" : "DISABLED"
  kms_key_arn                  = var.kms_key_arn

  flexible_time_window {
    mode                      = var.flexible_time_window_minutes == null ? "OFF" : "FLEXIBLE"
    maximum_window_in_minutes = var.flexible_time_window_minutes
  }

  target {
    arn      = var.target.arn
    role_arn = aws_iam_role.this.arn
    input    = var.target.input

    retry_policy {
      maximum_retry_attempts       = var.retry_policy.maximum_retry_attempts
      maximum_event_age_in_seconds = var.retry_policy.maximum_event_age_in_seconds
    }

    dead_letter_config {
      arn = var.dead_letter_queue.arn
    }

    dynamic "sqs_parameters" {
      for_each = var.target.message_group_id != null ? [var.target.message_group_id] : []
      content {
        message_group_id = sqs_parameters.value
      }
    }
  }

  # The role must be able to reach the target before the first run.
  depends_on = [aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
    precondition {
      condition     = var.target.type != "lambda_function" || var.target.kms_key_arn == null
      error_message = "target.kms_key_arn is the key of a queue or state machine target; a function target takes none."
    }
    precondition {
      condition     = var.target.type == "sqs_queue" || var.target.message_group_id == null
      error_message = "target.message_group_id applies to sqs_queue targets only."
    }
    precondition {
      condition     = var.target.type != "sqs_queue" || (endswith(var.target.arn, ".fifo") == (var.target.message_group_id != null))
      error_message = "a FIFO queue target needs target.message_group_id, and only a FIFO queue takes one."
    }
  }
}
