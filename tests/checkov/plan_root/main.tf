# A root planned offline by test_plan_json.py: each custom check must judge the plan JSON the way it
# judges HCL, including values that are only known after apply (the key ARN, the boundary ARN, the
# dead-letter queue ARN), which the plan shows as references.

locals {
  key_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "AccountAdmin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "kms:*", Resource = "*" }]
  })
  lambda_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_kms_key" "queues" {
  description         = "orders queues"
  enable_key_rotation = true
  policy              = local.key_policy
}

resource "aws_kms_key" "unrotated" {
  description = "no rotation, default key policy"
}

resource "aws_iam_policy" "boundary" {
  name = "orders-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource = "*" }]
  })
}

resource "aws_iam_role" "bounded" {
  name                 = "orders-worker"
  assume_role_policy   = local.lambda_trust
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role" "unbounded" {
  name               = "orders-api"
  assume_role_policy = local.lambda_trust
}

resource "aws_sqs_queue" "orders_dlq" {
  name                      = "orders-dlq"
  kms_master_key_id         = aws_kms_key.queues.arn
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.queues.arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "payments" {
  name              = "payments"
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn        = aws_sqs_queue.orders.arn
  function_name           = "orders-worker"
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_lambda_event_source_mapping" "payments" {
  event_source_arn = aws_sqs_queue.payments.arn
  function_name    = "payments-worker"
}

resource "aws_cloudwatch_log_group" "orders" {
  name              = "/aws/lambda/orders-worker"
  retention_in_days = 14
  kms_key_id        = aws_kms_key.queues.arn
}

resource "aws_cloudwatch_log_group" "payments" {
  name              = "/aws/lambda/payments-worker"
  retention_in_days = 0
  kms_key_id        = aws_kms_key.queues.arn
}
