# A queue pair encrypted with its own customer key, fed by an EventBridge rule, consumed by a
# role in this account, with alarms going to an encrypted SNS topic.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "sqs-queue-complete" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
}

resource "aws_kms_key" "queues" {
  description             = "${var.name} queues and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # EventBridge (the producer) and CloudWatch (alarm notifications to the encrypted topic)
        # write encrypted messages on this account's behalf only.
        Sid       = "ServicesEncryptForThisAccount"
        Effect    = "Allow"
        Principal = { Service = ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      },
    ]
  })
}

# The alarm topic, from the sns-topic module: encrypted, TLS-only, and only this account's
# CloudWatch alarms may publish to it.
module "alarm_topic" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = aws_kms_key.queues.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [data.aws_caller_identity.current.account_id]
    }
  }
}

module "queue" {
  source = "../../"

  name        = var.name
  kms_key_arn = aws_kms_key.queues.arn

  consumer_timeout_seconds   = 30
  visibility_timeout_seconds = 180
  max_receive_count          = 3

  producers = {
    orderEvents = {
      principal_type = "Service"
      identifiers    = ["events.amazonaws.com"]
      source_arns    = ["arn:${data.aws_partition.current.partition}:events:${var.region}:${data.aws_caller_identity.current.account_id}:rule/${var.name}-orders"]
    }
  }
  consumers = {
    worker = {
      principal_type = "AWS"
      identifiers    = [local.account_root]
    }
  }

  alarm_topic_arn = module.alarm_topic.topic_arn

  tags = { example = "sqs-queue-complete" }
}
