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

resource "aws_iam_role" "function" {
  name = "${var.name}-function"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "handler" {
  function_name    = "${var.name}-handler"
  role             = aws_iam_role.function.arn
  filename         = var.zip_path
  source_code_hash = filebase64sha256(var.zip_path)
  handler          = "app.handler"
  runtime          = "python3.12"
  architectures    = ["arm64"]
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
          arn             = aws_lambda_function.handler.arn
          dead_letter_arn = aws_sqs_queue.dead_letters.arn
          retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
        }
        work = {
          kind            = "sqs"
          arn             = aws_sqs_queue.work.arn
          dead_letter_arn = aws_sqs_queue.dead_letters.arn
          retry_policy    = { maximum_retry_attempts = 10, maximum_event_age_in_seconds = 7200 }
        }
        notify = {
          kind            = "sns"
          arn             = aws_sns_topic.notifications.arn
          dead_letter_arn = aws_sqs_queue.dead_letters.arn
          retry_policy    = { maximum_retry_attempts = 2, maximum_event_age_in_seconds = 600 }
          input_transformer = {
            input_paths    = { order = "$.detail.orderId" }
            input_template = "\"Order <order> was placed.\""
          }
        }
        audit = {
          kind            = "event_bus"
          arn             = aws_cloudwatch_event_bus.audit.arn
          dead_letter_arn = aws_sqs_queue.dead_letters.arn
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
          arn             = aws_lambda_function.handler.arn
          dead_letter_arn = aws_sqs_queue.dead_letters.arn
          retry_policy    = { maximum_retry_attempts = 1, maximum_event_age_in_seconds = 900 }
        }
      }
    }
  }

  alarm_topic_arn = module.alarm_topic.topic_arn

  tags = { example = "event-bus-complete" }
}

# The queue and topic owners add the module's statements to their own policies.
resource "aws_sqs_queue_policy" "work" {
  queue_url = aws_sqs_queue.work.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [jsondecode(module.bus.queue_policy_statements[aws_sqs_queue.work.arn])]
  })
}

resource "aws_sqs_queue_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [jsondecode(module.bus.queue_policy_statements[aws_sqs_queue.dead_letters.arn])]
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
      jsondecode(module.bus.topic_policy_statements[aws_sns_topic.notifications.arn]),
    ]
  })
}
