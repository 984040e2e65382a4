# A function that consumes a DynamoDB table's stream through the modules' composing outputs: the
# table's grant_target is the event source, an sqs-queue module's grant_target receives the records
# that exhaust their retries or expire, and every key is granted through its service only.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "orders-team", environment = "example", service = "order-status" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

resource "aws_kms_key" "workload" {
  description             = "${var.name}: table, stream, queue, logs and alarm topic"
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
        # CloudWatch Logs encrypts this account's log groups only.
        Sid       = "LogsEncryptThisAccountsGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${local.account_id}:log-group:*" }
        }
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

# Stand-in for the organisation's permissions boundary: the most the function's role may ever do.
resource "aws_iam_policy" "boundary" {
  name        = "${var.name}-boundary"
  description = "Permissions boundary of the ${var.name} example's roles."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WorkloadServices"
        Effect = "Allow"
        Action = [
          "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
          "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
          "sqs:SendMessage", "kms:Decrypt", "kms:GenerateDataKey",
        ]
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

module "orders_table" {
  source = "../../../dynamodb-table"

  name        = "${var.name}-orders"
  kms_key_arn = aws_kms_key.workload.arn

  hash_key   = "pk"
  attributes = { pk = "S" }

  # The projection needs the status before and after each change.
  stream_view_type = "NEW_AND_OLD_IMAGES"

  deletion_protection_enabled    = var.deletion_protection_enabled
  deletion_protection_off_reason = var.deletion_protection_off_reason

  alarm_topic_arn = module.alarm_topic.topic_arn
}

# Where the metadata of records that exhausted their retries or outlived their age goes; its
# own dead-letter queue and age alarms come with the module.
module "stream_failures" {
  source = "../../../sqs-queue"

  name            = "${var.name}-stream-failures"
  kms_key_arn     = aws_kms_key.workload.arn
  alarm_topic_arn = module.alarm_topic.topic_arn
  # It collects failures itself: a depth alarm on it, not only on its own DLQ.
  receives_failures = true
}

module "function" {
  source = "../../"

  name        = var.name
  description = "Projects order status changes from the orders table's stream."
  package     = { zip_path = var.zip_path }
  handler     = "app.handler"
  runtime     = "python3.13"
  timeout     = 30

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 2

  stream_event_sources = {
    orders = {
      source                 = module.orders_table.grant_target
      on_failure_destination = module.stream_failures.grant_target
      starting_position      = "TRIM_HORIZON"
      batch_size             = 50
      maximum_retry_attempts = 5
      # Only changes of an order's status matter to the projection.
      filter_patterns = [jsonencode({ eventName = ["INSERT", "MODIFY"] })]
    }
  }

  log_retention_days = 30
  alarm_topic_arn    = module.alarm_topic.topic_arn

  tags = { example = "lambda-function-stream-consumer" }
}
