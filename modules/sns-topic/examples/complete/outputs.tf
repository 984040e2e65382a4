output "kms_key_arn" {
  description = "ARN of the customer key encrypting the topic and every queue."
  value       = aws_kms_key.alerts.arn
}

output "topic" {
  description = "Every output of the sns-topic module."
  value       = module.topic
}

output "critical_queue" {
  description = "Every output of the sqs-queue module subscribed to the critical alarms."
  value       = module.critical_queue
}
