# A nightly export function that reaches what functions at scale reach, each through a typed grant:
# it reads its database credentials from Secrets Manager and its settings from an SSM parameter
# path (both cached outside the handler, src/app.py), reads a Kinesis stream of clicks, writes the
# export under one prefix of an S3 bucket, asks a pricing function (through that module's
# grant_target) and starts a reconciliation workflow (through the step-function module's
# grant_target). Every grant is exact actions on exact ARNs, with the key through its service.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "orders-team", environment = "example", service = "order-exports" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # Built from names so the grants are known at plan time, like the modules' own ARN outputs.
  config_path   = "/${var.name}/config"
  config_arn    = "arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter${local.config_path}"
  bucket_arn    = "arn:${local.partition}:s3:::${aws_s3_bucket.exports.bucket}"
  clicks_arn    = "arn:${local.partition}:kinesis:${var.region}:${local.account_id}:stream/${aws_kinesis_stream.clicks.name}"
  export_prefix = "daily/"
}

resource "aws_kms_key" "workload" {
  description             = "${var.name}: secret, parameters, bucket, stream, functions, workflow, logs and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Secrets Manager, SSM, S3 and Kinesis use the key as their caller, so the roles' own
        # grants (kms:ViaService) decide; the account keeps administering it.
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
          "xray:GetSamplingRules", "xray:GetSamplingTargets", "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret",
          "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "s3:GetObject", "s3:PutObject",
          "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListBucket", "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards",
          "lambda:InvokeFunction", "states:StartExecution", "kms:Decrypt", "kms:GenerateDataKey",
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

# The credentials are put into the secret by whoever owns the database, never by Terraform: no
# secret value lives in code or state.
resource "aws_secretsmanager_secret" "database" {
  name        = "${var.name}/database"
  description = "Credentials of the orders database, read by the export function."
  kms_key_id  = aws_kms_key.workload.arn
}

# Settings, not secrets: plain String parameters under one path, read together.
resource "aws_ssm_parameter" "config" {
  for_each = { batch-size = "500", export-format = "jsonl" }

  name  = "${local.config_path}/${each.key}"
  type  = "String"
  value = each.value
}

resource "aws_s3_bucket" "exports" {
  bucket        = "${var.name}-exports"
  force_destroy = var.exports_force_destroy
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.workload.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_kinesis_stream" "clicks" {
  name             = "${var.name}-clicks"
  retention_period = 24
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.workload.arn

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

module "pricing" {
  source = "../../"

  name        = "${var.name}-pricing"
  description = "Prices an order export line."
  package     = { zip_path = var.zip_path }
  handler     = "app.price"
  runtime     = "python3.13"

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 2
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn
}

module "reconcile" {
  source = "../../../step-function"

  name = "${var.name}-reconcile"
  definition = templatefile("${path.module}/workflows/reconcile.asl.json.tftpl", {
    pricing_function_arn = module.pricing.invoke_target_arn
  })
  # The pricing function's grant_target fits the step-function grants as well.
  grants = { price = module.pricing.grant_target }

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn
}

module "function" {
  source = "../../"

  name        = var.name
  description = "Exports the day's orders and starts their reconciliation."
  package     = { zip_path = var.zip_path }
  handler     = "app.handler"
  runtime     = "python3.13"
  timeout     = 60

  environment_variables = {
    SECRET_ARN        = aws_secretsmanager_secret.database.arn
    CONFIG_PATH       = local.config_path
    EXPORT_BUCKET     = aws_s3_bucket.exports.bucket
    EXPORT_PREFIX     = local.export_prefix
    CLICKS_STREAM     = aws_kinesis_stream.clicks.name
    PRICING_FUNCTION  = module.pricing.invoke_target_arn
    RECONCILE_MACHINE = module.reconcile.state_machine_arn
  }

  grants = {
    database = {
      target = { type = "secretsmanager_secret", arn = aws_secretsmanager_secret.database.arn, kms_key_arn = aws_kms_key.workload.arn }
      access = "read"
    }
    config = { target = { type = "ssm_parameter", arn = local.config_arn }, access = "read_path" }
    exports = {
      target = { type = "s3_bucket", arn = local.bucket_arn, kms_key_arn = aws_kms_key.workload.arn }
      prefix = local.export_prefix
      access = "read_write"
    }
    clicks = {
      target = { type = "kinesis_stream", arn = local.clicks_arn, kms_key_arn = aws_kms_key.workload.arn }
      access = "read"
    }
    pricing   = { target = module.pricing.grant_target, access = "invoke" }
    reconcile = { target = module.reconcile.grant_target, access = "start" }
  }

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 2
  log_retention_days       = 30
  alarm_topic_arn          = module.alarm_topic.topic_arn
}
