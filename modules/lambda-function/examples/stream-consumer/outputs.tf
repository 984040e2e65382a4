output "kms_key_arn" {
  description = "ARN of the customer key encrypting the table, its stream, the queue, logs and alarm topic."
  value       = aws_kms_key.workload.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "table" {
  description = "Every output of the dynamodb-table module (the stream's source)."
  value       = module.orders_table
}

output "stream_failures" {
  description = "Every output of the sqs-queue module receiving the records the function could not process."
  value       = module.stream_failures
}

output "function" {
  description = "Every output of the lambda-function module."
  value       = module.function
}
