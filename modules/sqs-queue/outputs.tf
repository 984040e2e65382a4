locals {
  kms_via_sqs = { StringEquals = { "kms:ViaService" = "sqs.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }

  # Identity-policy statements for the roles of producers and consumers (e.g. Lambda execution
  # roles). They use the ARNs built from names so they are known at plan time and the gate can
  # inspect them before apply.
  producer_policy_statements = [
    {
      Sid      = "SendToQueue"
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
      Resource = [local.queue_arn]
    },
    {
      Sid       = "EncryptForQueue"
      Effect    = "Allow"
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = [var.kms_key_arn]
      Condition = local.kms_via_sqs
    },
  ]

  consumer_policy_statements = [
    {
      Sid      = "ConsumeFromQueue"
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
      Resource = [local.queue_arn]
    },
    {
      Sid       = "DecryptFromQueue"
      Effect    = "Allow"
      Action    = ["kms:Decrypt"]
      Resource  = [var.kms_key_arn]
      Condition = local.kms_via_sqs
    },
  ]
}

output "queue_arn" {
  description = "ARN of the source queue, built from its name: known at plan time."
  value       = local.queue_arn
  # The value is known before the queue exists; consumers must still wait for it.
  depends_on = [aws_sqs_queue.this]
}

output "queue_url" {
  description = "URL of the source queue."
  value       = aws_sqs_queue.this.url
}

output "queue_name" {
  description = "Name of the source queue (with .fifo for FIFO queues)."
  value       = aws_sqs_queue.this.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue, built from its name: known at plan time."
  value       = local.dlq_arn
  depends_on  = [aws_sqs_queue.dlq]
}

output "grant_target" {
  description = "The source queue as a lambda-function grant target: `grants = { work = { target = module.<this>.grant_target, access = \"send\" } }` grants the queue action and the matching kms actions on the queue's key through SQS."
  value = {
    type        = "sqs_queue"
    arn         = local.queue_arn
    kms_key_arn = var.kms_key_arn
    stream_arn  = null
  }
  depends_on = [aws_sqs_queue.this]
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "producer_policy_statements" {
  description = "JSON list of IAM statements a producer's role needs: sqs:SendMessage on the queue and kms:GenerateDataKey/Decrypt on the key via SQS only."
  value       = jsonencode(local.producer_policy_statements)
}

output "consumer_policy_statements" {
  description = "JSON list of IAM statements a consumer's role (e.g. a Lambda event source) needs: receive/delete/change visibility on the queue and kms:Decrypt on the key via SQS only."
  value       = jsonencode(local.consumer_policy_statements)
}

output "alarm_arns" {
  description = "Map of alarm key (oldest-message-age, dlq-messages-visible, and messages-visible when receives_failures) to CloudWatch alarm ARN; empty when alarms are disabled."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}
