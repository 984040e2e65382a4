output "kms_key_arn" {
  description = "ARN of the customer key encrypting both queues."
  value       = aws_kms_key.queues.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "queue" {
  description = "Every output of the sqs-queue module."
  value       = module.queue
}
