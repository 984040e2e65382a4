# An encrypted orders bus, organisation-free (this account publishes), with a 7-day archive, an
# event-pattern rule fanning out to a function, a queue, a topic and an audit bus, and a nightly
# schedule invoking the function. Every target has a dead-letter queue and a retry policy; the
# queue and topic policies are built from the module's ready-made statements.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "event-bus-complete" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
  # The queue and topic ARNs built from their names (known at plan) rather than read from the
  # resources (known after apply): the module's policy statements are keyed by these ARNs, and the
  # queue and topic policies look theirs up before anything exists. The names keep the dependency.
  arn_prefix        = "arn:${data.aws_partition.current.partition}:%s:${var.region}:${local.account_id}:%s"
  work_queue_arn    = format(local.arn_prefix, "sqs", aws_sqs_queue.work.name)
  dead_letters_arn  = format(local.arn_prefix, "sqs", aws_sqs_queue.dead_letters.name)
  notifications_arn = format(local.arn_prefix, "sns", aws_sns_topic.notifications.name)
}

resource "aws_kms_key" "events" {
  description             = "${var.name}: bus, queues and topics"
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
        # EventBridge encrypts the bus and writes to the encrypted queues and topics; CloudWatch
        # publishes alarm notifications; both for this account only.
        Sid       = "ServicesEncryptForThisAccount"
        Effect    = "Allow"
        Principal = { Service = ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
      {
        # CloudWatch Logs encrypts this account's log groups only (the handler's).
        Sid       = "LogsEncryptThisAccountsGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${local.account_id}:log-group:*" }
        }
      },
    ]
  })
}

# The alarm topic, from the sns-topic module: encrypted, TLS-only, and only this account's
# CloudWatch alarms may publish to it.
module "alarm_topic" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = aws_kms_key.events.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic" "notifications" {
  name              = "${var.name}-notifications"
  kms_master_key_id = aws_kms_key.events.arn
}

resource "aws_sqs_queue" "work" {
  name              = "${var.name}-work"
  kms_master_key_id = aws_kms_key.events.arn
}

resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name}-dead-letters"
  kms_master_key_id         = aws_kms_key.events.arn
  message_retention_seconds = 1209600
}

resource "aws_cloudwatch_event_bus" "audit" {
  name               = "${var.name}-audit"
  kms_key_identifier = aws_kms_key.events.arn
}

# Stand-in for the organisation's permissions boundary (the permissions-boundary module builds the
# real one): the most the example's roles may ever do, whatever their own policies say.
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
          "kms:Decrypt", "kms:GenerateDataKey", "sqs:SendMessage", "events:PutEvents", "states:StartExecution",
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

# The function both rules invoke, from the lambda-function module: its own log group, alarms,
# tracing and a bounded share of the account's concurrency. EventBridge invokes it
# asynchronously, so events that fail every retry go to the dead-letter queue.
module "handler" {
  source = "../../../lambda-function"

  name        = "${var.name}-handler"
  description = "Handles placed orders and the nightly reconciliation."
  package     = { zip_path = var.zip_path }
  handler     = "app.handler"
  runtime     = "python3.12"

  kms_key_arn              = aws_kms_key.events.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 5
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn

  # The dead-letter queue is encrypted: sending failed events to it needs the key.
  grants = {
    eventsKey = { kms_key_arn = aws_kms_key.events.arn, access = "encrypt_decrypt" }
  }
  async_invocation = {
    on_failure_destination_arn   = local.dead_letters_arn
    maximum_retry_attempts       = 2
    maximum_event_age_in_seconds = 3600
  }
}

# Anything in the dead-letter queue is an event no target could take: someone must look.
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${var.name}-dead-letters-visible"
  alarm_description   = "Events that no target of ${var.name} could take are waiting in the dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letters.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [module.alarm_topic.topic_arn]
  ok_actions          = [module.alarm_topic.topic_arn]
}

module "bus" {
  source = "../../"

  name        = var.name
  description = "Order lifecycle events."
  kms_key_arn = aws_kms_key.events.arn
  archive     = { retention_days = 7 }

  rules = {
    placed = {
      description   = "Every order placed by the orders service."
      event_pattern = jsonencode({ source = ["orders"], "detail-type" = ["OrderPlaced"] })
      targets = {
        handler = {
          kind            = "lambda"
          arn             = module.handler.function_arn
          dead_letter_arn = local.dead_letters_arn
          retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
        }
        work = {
          kind            = "sqs"
          arn             = local.work_queue_arn
          dead_letter_arn = local.dead_letters_arn
          retry_policy    = { maximum_retry_attempts = 10, maximum_event_age_in_seconds = 7200 }
        }
        notify = {
          kind            = "sns"
          arn             = local.notifications_arn
          dead_letter_arn = local.dead_letters_arn
          retry_policy    = { maximum_retry_attempts = 2, maximum_event_age_in_seconds = 600 }
          input_transformer = {
            input_paths    = { order = "$.detail.orderId" }
            input_template = "\"Order <order> was placed.\""
          }
        }
        audit = {
          kind            = "event_bus"
          arn             = aws_cloudwatch_event_bus.audit.arn
          dead_letter_arn = local.dead_letters_arn
          retry_policy    = { maximum_retry_attempts = 5, maximum_event_age_in_seconds = 3600 }
        }
      }
    }
    nightly = {
      description         = "Nightly reconciliation run."
      schedule_expression = "cron(0 2 * * ? *)"
      targets = {
        handler = {
          kind            = "lambda"
          arn             = module.handler.function_arn
          dead_letter_arn = local.dead_letters_arn
          retry_policy    = { maximum_retry_attempts = 1, maximum_event_age_in_seconds = 900 }
        }
      }
    }
  }

  alarm_topic_arn          = module.alarm_topic.topic_arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn

  tags = { example = "event-bus-complete" }
}

# The queue and topic owners add the module's statements to their own policies.
resource "aws_sqs_queue_policy" "work" {
  queue_url = aws_sqs_queue.work.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      jsondecode(module.bus.queue_policy_statements[local.work_queue_arn]),
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = local.work_queue_arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_sqs_queue_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      jsondecode(module.bus.queue_policy_statements[local.dead_letters_arn]),
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = local.dead_letters_arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_sns_topic_policy" "notifications" {
  arn = aws_sns_topic.notifications.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OwnerAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes"]
        Resource  = aws_sns_topic.notifications.arn
      },
      jsondecode(module.bus.topic_policy_statements[local.notifications_arn]),
    ]
  })
}
