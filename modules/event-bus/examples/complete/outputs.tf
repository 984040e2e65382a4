output "kms_key_arn" {
  description = "ARN of the customer key encrypting the bus, queues and topics."
  value       = aws_kms_key.events.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "function_name" {
  description = "Name of the Lambda function the rules invoke."
  value       = module.handler.function_name
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue every target uses."
  value       = aws_sqs_queue.dead_letters.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letters.id
}

output "work_queue_url" {
  description = "URL of the queue the placed rule delivers to."
  value       = aws_sqs_queue.work.id
}

output "notifications_topic_arn" {
  description = "ARN of the topic the placed rule publishes to."
  value       = aws_sns_topic.notifications.arn
}

output "audit_bus_arn" {
  description = "ARN of the bus the placed rule forwards to."
  value       = aws_cloudwatch_event_bus.audit.arn
}

output "bus" {
  description = "Every output of the event-bus module."
  value       = module.bus
}
