# An encrypted alert topic: CloudWatch alarms and AWS Budgets of this account publish to it, an
# SQS queue (from the sqs-queue module) receives only the critical alerts through a filter policy,
# an on-call address receives every one, and each subscription has its own dead-letter queue. The
# key policy is built from the module's ready-made statements.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "sns-topic-complete" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "sns" }

locals {
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
  topic_name   = "${var.name}-alerts"
  # The topic notifies itself of its own failed deliveries (its dead-letter queue alarms), so its
  # ARN is built from the name instead of read from the module it configures.
  topic_arn = "arn:${data.aws_partition.current.partition}:sns:${data.aws_service.current.region}:${local.account_id}:${local.topic_name}"
}

resource "aws_kms_key" "alerts" {
  description             = "${var.name}: alarm topic and its queues"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "kms:*"
        Resource  = "*"
      }],
      jsondecode(module.topic.kms_key_policy_statements),
    )
  })
}

module "topic" {
  source = "../../"

  name        = local.topic_name
  kms_key_arn = aws_kms_key.alerts.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [local.account_id]
      source_arns     = ["arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_service.current.region}:${local.account_id}:alarm:*"]
    }
    budgets = {
      service         = "budgets.amazonaws.com"
      source_accounts = [local.account_id]
      source_arns     = ["arn:${data.aws_partition.current.partition}:budgets::${local.account_id}:budget/${var.name}-monthly"]
    }
  }

  subscriptions = {
    critical = {
      protocol             = "sqs"
      endpoint             = module.critical_queue.queue_arn
      raw_message_delivery = true
      filter_policy        = jsonencode({ severity = ["critical"] })
    }
    oncall = {
      protocol = "email"
      endpoint = var.oncall_email
    }
  }

  alarm_topic_arn = local.topic_arn
}

module "critical_queue" {
  source = "../../../sqs-queue"

  name        = "${var.name}-critical-alerts"
  kms_key_arn = aws_kms_key.alerts.arn

  producers = {
    alertsTopic = {
      principal_type = "Service"
      identifiers    = ["sns.amazonaws.com"]
      source_arns    = [module.topic.topic_arn]
    }
  }

  alarm_topic_arn = module.topic.topic_arn
}

# The monthly cost budget of the example, notifying the topic.
resource "aws_budgets_budget" "monthly" {
  name         = "${var.name}-monthly"
  budget_type  = "COST"
  limit_amount = "50"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  dynamic "notification" {
    for_each = { ACTUAL = 80, FORECASTED = 100 }
    content {
      notification_type         = notification.key
      comparison_operator       = "GREATER_THAN"
      threshold                 = notification.value
      threshold_type            = "PERCENTAGE"
      subscriber_sns_topic_arns = [module.topic.topic_arn]
    }
  }
}
