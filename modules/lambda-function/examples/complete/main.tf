# An SQS-driven worker writing to a DynamoDB table: the function gets its role from typed grants,
# a permissions boundary, encrypted environment and logs, alarms, a dead-letter path for async
# invocations, and a "live" alias with provisioned concurrency rolled out by CodeDeploy canaries.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "lambda-function-complete" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id               = data.aws_caller_identity.current.account_id
  account_root             = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
  function_timeout_seconds = 20
  failed_events_topic_arn  = "arn:${data.aws_partition.current.partition}:sns:${var.region}:${local.account_id}:${aws_sns_topic.failed_events.name}"
}

resource "aws_kms_key" "workload" {
  description             = "${var.name}: environment, logs, queue, table and topics"
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

# Stand-in for the organisation's permissions boundary (its own module is elsewhere): the most a
# workload role may ever do, whatever its own policies say.
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
          "dynamodb:*", "sqs:*", "sns:Publish", "events:PutEvents", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
          "ssm:GetParameter", "ssm:GetParametersByPath", "lambda:GetAlias", "lambda:UpdateAlias",
          "lambda:GetProvisionedConcurrencyConfig", "cloudwatch:DescribeAlarms",
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

# The alarm topic, from the sns-topic module: encrypted, TLS-only, and only this account's
# CloudWatch alarms may publish to it.
module "alarm_topic" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = aws_kms_key.workload.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic" "failed_events" {
  name              = "${var.name}-failed-events"
  kms_master_key_id = aws_kms_key.workload.arn
}

# The consumed queue, from the sqs-queue module: a dead-letter queue after 5 receives, TLS-only,
# and alarms on its backlog and dead letters. AWS guidance for Lambda consumers: a visibility
# timeout of at least 6x the function timeout, which the module enforces.
module "queue" {
  source = "../../../sqs-queue"

  name                       = "${var.name}-incoming"
  kms_key_arn                = aws_kms_key.workload.arn
  consumer_timeout_seconds   = local.function_timeout_seconds
  visibility_timeout_seconds = 6 * local.function_timeout_seconds
  alarm_topic_arn            = module.alarm_topic.topic_arn
}

resource "aws_dynamodb_table" "orders" {
  name         = "${var.name}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.workload.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = var.table_deletion_protection
}

module "function" {
  source = "../../"

  name        = var.name
  description = "Stores orders from the queue in the orders table."
  package     = { zip_path = var.zip_path }
  handler     = "app.handler"
  runtime     = "python3.12"
  timeout     = local.function_timeout_seconds

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  environment_variables    = { TABLE_NAME = aws_dynamodb_table.orders.name }

  reserved_concurrency    = 5
  publish                 = var.safe_rollout
  provisioned_concurrency = var.safe_rollout ? 1 : 0
  codedeploy              = var.safe_rollout ? { strategy = "canary", percentage = 10, interval_minutes = 5 } : null

  grants = {
    orders = { dynamodb_table_arn = aws_dynamodb_table.orders.arn, access = "write" }
    # The failed-events topic is encrypted: publishing to it needs the key.
    workloadKey = { kms_key_arn = aws_kms_key.workload.arn, access = "encrypt_decrypt" }
  }
  extra_policy_statements = [{
    sid       = "ReadSettings"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:${data.aws_partition.current.partition}:ssm:${var.region}:${local.account_id}:parameter/${var.name}/*"]
  }]

  sqs_event_sources = {
    orders = {
      queue_arn           = module.queue.queue_arn
      kms_key_arn         = aws_kms_key.workload.arn
      batch_size          = 10
      maximum_concurrency = 2
    }
  }
  async_invocation = {
    # Built from the topic's name (known at plan) rather than its ARN (known after apply), so the
    # gate can read the publish statement the module derives from it.
    on_failure_destination_arn   = local.failed_events_topic_arn
    maximum_retry_attempts       = 1
    maximum_event_age_in_seconds = 3600
  }

  log_retention_days = 30
  alarm_topic_arn    = module.alarm_topic.topic_arn

  tags = { example = "lambda-function-complete" }
}
