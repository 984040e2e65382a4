# A nightly reconciliation workflow: a function compares the day's orders with its payments and a
# mismatch is reported to a queue. The definition is a templatefile filled with the modules'
# outputs, and the grants name exactly what it calls (checked at plan).

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "orders-team", environment = "example", service = "reconciliation" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
}

resource "aws_kms_key" "workload" {
  description             = "${var.name}: state machine, function, queue, logs and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
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
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*" }
        }
      },
      {
        # Step Functions encrypts this account's state machines' data.
        Sid       = "StepFunctionsEncryptThisAccountsStateMachines"
        Effect    = "Allow"
        Principal = { Service = "states.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
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

# Stand-in for the organisation's permissions boundary: the most the roles may ever do.
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
          "logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogDelivery", "logs:GetLogDelivery",
          "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies", "logs:DescribeLogGroups", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
          "xray:GetSamplingRules", "xray:GetSamplingTargets", "lambda:InvokeFunction", "sqs:SendMessage",
          "kms:Decrypt", "kms:GenerateDataKey",
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

module "reports_queue" {
  source = "../../../sqs-queue"

  name            = "${var.name}-reports"
  kms_key_arn     = aws_kms_key.workload.arn
  alarm_topic_arn = module.alarm_topic.topic_arn
}

module "reconcile_function" {
  source = "../../../lambda-function"

  name        = "${var.name}-compare"
  description = "Compares the day's orders with its payments."
  package     = { zip_path = var.zip_path }
  handler     = "app.handler"
  runtime     = "python3.13"
  timeout     = 30

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 2
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn
}

module "state_machine" {
  source = "../../"

  name = var.name
  definition = templatefile("${path.module}/workflows/reconcile.asl.json.tftpl", {
    reconcile_function_arn = module.reconcile_function.invoke_target_arn
    reports_queue_url      = module.reports_queue.queue_url
  })
  grants = {
    compare = { type = "lambda_function", arn = module.reconcile_function.invoke_target_arn }
    reports = module.reports_queue.grant_target
  }

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn

  tags = { example = "step-function-complete" }
}
