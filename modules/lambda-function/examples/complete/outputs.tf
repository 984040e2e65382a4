output "kms_key_arn" {
  description = "ARN of the customer key encrypting the environment, logs, queue, table and topics."
  value       = aws_kms_key.workload.arn
}

output "boundary_arn" {
  description = "ARN of the permissions boundary policy on the function's roles."
  value       = aws_iam_policy.boundary.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "failed_events_topic_arn" {
  description = "ARN of the SNS topic that receives asynchronous events that failed every retry."
  value       = aws_sns_topic.failed_events.arn
}

output "queue_arn" {
  description = "ARN of the queue the function consumes."
  value       = module.queue.queue_arn
}

output "table_arn" {
  description = "ARN of the orders table the function writes."
  value       = aws_dynamodb_table.orders.arn
}

output "function" {
  description = "Every output of the lambda-function module."
  value       = module.function
}
