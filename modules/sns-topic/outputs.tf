locals {
  kms_via_sns = { StringEquals = { "kms:ViaService" = "sns.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }

  publisher_policy_statements = [
    {
      Sid      = "PublishToTopic"
      Effect   = "Allow"
      Action   = ["sns:Publish"]
      Resource = [local.topic_arn]
    },
    {
      Sid       = "EncryptForTopic"
      Effect    = "Allow"
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = [var.kms_key_arn]
      Condition = local.kms_via_sns
    },
  ]

  # What the key policy must allow: each publishing service (with the publisher's own scope) to
  # encrypt for the topic, and SNS to deliver this topic's messages to encrypted queues (its
  # dead-letter queues and SQS subscribers). Independent of var.subscriptions on purpose: a
  # subscribed queue's key policy often comes from here, and its ARN feeds the subscriptions.
  kms_key_policy_statements = concat(
    [for key, publisher in var.publishers : {
      Sid       = "${key}EncryptsForTopic"
      Effect    = "Allow"
      Principal = { Service = publisher.service }
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = "*"
      Condition = local.publisher_conditions[key]
    }],
    [{
      Sid       = "SnsDeliversToEncryptedQueues"
      Effect    = "Allow"
      Principal = { Service = local.sns_principal }
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = "*"
      Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arn } }
    }],
  )
}

output "topic_arn" {
  description = "ARN of the topic, built from its name: known at plan time."
  value       = local.topic_arn
  # The value is known before the topic exists; consumers must still wait for it.
  depends_on = [aws_sns_topic.this]
}

output "topic_name" {
  description = "Name of the topic (with .fifo for FIFO topics)."
  value       = aws_sns_topic.this.name
}

output "kms_key_arn" {
  description = "ARN of the key encrypting the topic and its dead-letter queues."
  value       = var.kms_key_arn
}

output "grant_target" {
  description = "The topic as a lambda-function grant target: `grants = { alerts = { target = module.<this>.grant_target, access = \"publish\" } }` grants sns:Publish on the topic and kms:GenerateDataKey/Decrypt on its key through SNS."
  value = {
    type        = "sns_topic"
    arn         = local.topic_arn
    kms_key_arn = var.kms_key_arn
    stream_arn  = null
  }
  depends_on = [aws_sns_topic.this]
}

output "subscription_arns" {
  description = "Subscription key -> subscription ARN (\"pending confirmation\" until an e-mail or https endpoint confirms)."
  value       = { for key, subscription in aws_sns_topic_subscription.this : key => subscription.arn }

  precondition {
    condition     = !var.alarms_enabled || length(local.dead_letter_queues) == 0 || var.alarm_topic_arn != null
    error_message = "alarm_topic_arn is required while alarms_enabled is true and a subscription has a dead-letter queue (set alarms_enabled = false explicitly to run without alarms)."
  }
  precondition {
    condition     = !anytrue([for queue in values(local.dead_letter_queues) : length(queue.name) > 80])
    error_message = "dead-letter queue names \"<name>-<subscription>-dlq\" must fit the SQS limit of 80 characters: shorten name or the subscription keys."
  }
  precondition {
    condition     = !var.fifo_topic || !anytrue([for subscription in values(var.subscriptions) : subscription.protocol != "sqs"])
    error_message = "FIFO topics deliver to SQS subscriptions only."
  }
}

output "dead_letter_queue_arns" {
  description = "Subscription key -> ARN of its dead-letter queue (subscriptions with dead_letter_queue = true)."
  value       = { for key, queue in aws_sqs_queue.dead_letter : key => queue.arn }
}

output "dead_letter_queue_urls" {
  description = "Subscription key -> URL of its dead-letter queue, to inspect or redrive failed deliveries."
  value       = { for key, queue in aws_sqs_queue.dead_letter : key => queue.url }
}

output "publisher_policy_statements" {
  description = "JSON list of IAM statements a publisher's role needs: sns:Publish on the topic and kms:GenerateDataKey/Decrypt on the key through SNS only."
  value       = jsonencode(local.publisher_policy_statements)
}

output "kms_key_policy_statements" {
  description = "JSON list of key policy statements the topic's key needs: each publishing service encrypts for the topic (with the publisher's scope), and SNS delivers this topic's messages to encrypted queues (dead-letter queues, SQS subscribers)."
  value       = jsonencode(local.kms_key_policy_statements)
}

output "alarm_arns" {
  description = "Subscription key -> ARN of the alarm on its dead-letter queue depth; empty when alarms are disabled."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.dead_letter : key => alarm.arn }
}
