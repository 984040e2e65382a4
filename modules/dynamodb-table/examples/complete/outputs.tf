output "kms_key_arn" {
  description = "ARN of the customer key encrypting the table."
  value       = aws_kms_key.table.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "table" {
  description = "Every output of the dynamodb-table module."
  value       = module.table
}
