# One service of the benchmark stack: API and worker functions, a work queue with its DLQ (nested
# module, so addresses carry two module steps), a table, an EventBridge bus feeding the queue, a
# customer key, alarms. Compliant with the gate's default standard unless var.fault names one
# deliberate fault; the generator records which finding each fault must produce.

variable "name" { type = string }
variable "account" { type = string }
variable "region" { type = string }
variable "boundary_arn" { type = string }
variable "alarm_topic_arn" { type = string }
variable "memory" {
  description = "Memory of both functions in MB: the generator varies it so that no two services are alike."
  type        = number
}
variable "owner" {
  description = "Team that owns the service (a tag on its functions, table and key)."
  type        = string
}
variable "fault" {
  type    = string
  default = ""
  validation {
    condition     = contains(["", "no-rotation", "no-pitr", "unbounded-concurrency", "short-visibility"], var.fault)
    error_message = "Unknown deliberate fault."
  }
}

output "table_arn" { value = aws_dynamodb_table.orders.arn }

locals {
  functions = { api = 10, worker = 30 } # name => timeout in seconds
}

resource "aws_kms_key" "this" {
  description         = "${var.name} data"
  tags                = { owner = var.owner }
  enable_key_rotation = var.fault != "no-rotation"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.account}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "Logs", Effect = "Allow", Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${var.region}:${var.account}:*" } }
      },
      {
        Sid       = "Services", Effect = "Allow"
        Principal = { Service = ["events.amazonaws.com", "cloudwatch.amazonaws.com"] }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = var.account } }
      },
    ]
  })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

module "queue" {
  source             = "./queue"
  name               = var.name
  account            = var.account
  key_arn            = aws_kms_key.this.arn
  source_rule_arn    = aws_cloudwatch_event_rule.placed.arn
  visibility_timeout = var.fault == "short-visibility" ? 60 : 180
}

resource "aws_dynamodb_table" "orders" {
  name                        = "${var.name}-orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = true
  attribute {
    name = "pk"
    type = "S"
  }
  point_in_time_recovery {
    enabled = var.fault != "no-pitr"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }
}

resource "aws_cloudwatch_event_bus" "this" {
  name               = var.name
  kms_key_identifier = aws_kms_key.this.arn
}

resource "aws_cloudwatch_event_rule" "placed" {
  name           = "${var.name}-order-placed"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = jsonencode({ "detail-type" = ["OrderPlaced"] })
}

resource "aws_cloudwatch_event_target" "placed_to_work" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  arn            = module.queue.work_arn
  dead_letter_config {
    arn = module.queue.dlq_arn
  }
}

resource "aws_iam_role" "function" {
  for_each             = local.functions
  name                 = "${var.name}-${each.key}"
  permissions_boundary = var.boundary_arn
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_cloudwatch_log_group" "function" {
  for_each          = local.functions
  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.this.arn
}

resource "aws_iam_role_policy" "api" {
  name = "least-privilege"
  role = aws_iam_role.function["api"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = module.queue.work_arn },
      { Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:Query"], Resource = aws_dynamodb_table.orders.arn },
      { Effect = "Allow", Action = ["kms:GenerateDataKey", "kms:Decrypt"], Resource = aws_kms_key.this.arn },
      { Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "${aws_cloudwatch_log_group.function["api"].arn}:*" },
      { Effect = "Allow", Action = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource = "*" },
    ]
  })
}

data "aws_iam_policy_document" "worker" {
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [module.queue.work_arn]
  }
  statement {
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.orders.arn]
  }
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.this.arn]
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function["worker"].arn}:*"]
  }
  statement {
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "worker" {
  name   = "least-privilege"
  role   = aws_iam_role.function["worker"].id
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_lambda_function" "function" {
  for_each                       = local.functions
  function_name                  = "${var.name}-${each.key}"
  role                           = aws_iam_role.function[each.key].arn
  runtime                        = "python3.12"
  handler                        = "app.handler"
  filename                       = "${path.module}/function.zip"
  timeout                        = each.value
  memory_size                    = var.memory
  tags                           = { owner = var.owner }
  reserved_concurrent_executions = var.fault == "unbounded-concurrency" && each.key == "api" ? -1 : 5
  kms_key_arn                    = aws_kms_key.this.arn
  environment {
    variables = { TABLE_NAME = aws_dynamodb_table.orders.name, QUEUE_NAME = "${var.name}-work" }
  }
  tracing_config {
    mode = "Active"
  }
  depends_on = [aws_cloudwatch_log_group.function]
}

resource "aws_lambda_event_source_mapping" "work" {
  event_source_arn        = module.queue.work_arn
  function_name           = aws_lambda_function.function["worker"].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = 2
  }
}

resource "aws_cloudwatch_metric_alarm" "function" {
  for_each            = { for pair in setproduct(keys(local.functions), ["Errors", "Throttles"]) : "${pair[0]}-${pair[1]}" => pair }
  alarm_name          = "${var.name}-${each.key}"
  namespace           = "AWS/Lambda"
  metric_name         = each.value[1]
  dimensions          = { FunctionName = aws_lambda_function.function[each.value[0]].function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "dlq_depth" {
  alarm_name          = "${var.name}-dlq-depth"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = module.queue.dlq_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.alarm_topic_arn]
}
