# A nightly export request: at 02:30 Paris time (within a 15-minute window) EventBridge Scheduler
# sends a message to the export work queue; runs it cannot deliver go to their own queue. Queues
# and topic come from their modules and are wired through their outputs.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "orders-team", environment = "example", service = "nightly-export" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

resource "aws_kms_key" "workload" {
  description             = "${var.name}: schedule input, queues and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # Alarm notifications to the encrypted topic.
        Sid       = "CloudWatchPublishesForThisAccount"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

# Stand-in for the organisation's permissions boundary: the most the schedule's role may ever do.
resource "aws_iam_policy" "boundary" {
  name        = "${var.name}-boundary"
  description = "Permissions boundary of the ${var.name} example's roles."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WorkloadServices"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "lambda:InvokeFunction", "states:StartExecution", "kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "*"
      },
      {
        Sid      = "NeverIdentityAdministration"
        Effect   = "Deny"
        Action   = ["iam:*", "organizations:*", "account:*"]
        Resource = "*"
      },
    ]
  })
}

module "alarm_topic" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = aws_kms_key.workload.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [local.account_id]
    }
  }
}

module "work_queue" {
  source = "../../../sqs-queue"

  name            = "${var.name}-work"
  kms_key_arn     = aws_kms_key.workload.arn
  alarm_topic_arn = module.alarm_topic.topic_arn
}

module "failed_runs" {
  source = "../../../sqs-queue"

  name            = "${var.name}-failed-runs"
  kms_key_arn     = aws_kms_key.workload.arn
  alarm_topic_arn = module.alarm_topic.topic_arn
  # It collects failures itself: a depth alarm on it, not only on its own DLQ.
  receives_failures = true
}

module "schedule" {
  source = "../../"

  name                         = var.name
  description                  = "Requests the nightly orders export."
  schedule_expression          = "cron(30 2 * * ? *)"
  schedule_expression_timezone = "Europe/Paris"
  flexible_time_window_minutes = 15
  group                        = { name = var.name, create = true }
  kms_key_arn                  = aws_kms_key.workload.arn
  permissions_boundary_arn     = aws_iam_policy.boundary.arn

  target = merge(module.work_queue.grant_target, {
    input = jsonencode({ export = "orders", window = "previous-day" })
  })
  retry_policy      = { maximum_retry_attempts = 5, maximum_event_age_in_seconds = 7200 }
  dead_letter_queue = module.failed_runs.grant_target

  alarm_topic_arn = module.alarm_topic.topic_arn

  tags = { example = "schedule-complete" }
}
