# A provisioned table with autoscaling, a GSI, TTL and a stream, encrypted with its own customer
# key, with alarms going to an encrypted SNS topic.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "dynamodb-table-complete" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_kms_key" "table" {
  description             = "${var.name} table and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # CloudWatch publishes alarm notifications to the encrypted topic for this account only.
        Sid       = "CloudWatchEncryptsAlarmNotifications"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
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
  kms_key_arn = aws_kms_key.table.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [data.aws_caller_identity.current.account_id]
    }
  }
}

module "table" {
  source = "../../"

  name        = var.name
  kms_key_arn = aws_kms_key.table.arn

  hash_key   = "pk"
  range_key  = "sk"
  attributes = { pk = "S", sk = "S", status = "S", created_at = "N" }
  global_secondary_indexes = {
    by_status = { hash_key = "status", range_key = "created_at", projection_type = "KEYS_ONLY" }
  }

  billing_mode         = "PROVISIONED"
  provisioned_capacity = { read = { min = 5, max = 50 }, write = { min = 5, max = 25 } }

  ttl_attribute_name           = "expires_at"
  stream_view_type             = "NEW_AND_OLD_IMAGES"
  contributor_insights_enabled = var.contributor_insights_enabled

  deletion_protection_enabled    = var.deletion_protection_enabled
  deletion_protection_off_reason = var.deletion_protection_off_reason

  alarm_topic_arn = module.alarm_topic.topic_arn

  tags = { example = "dynamodb-table-complete" }
}
