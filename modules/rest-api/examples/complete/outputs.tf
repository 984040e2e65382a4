output "kms_key_arn" {
  description = "ARN of the customer key encrypting the access logs and the alarm topic."
  value       = aws_kms_key.api.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "function_name" {
  description = "Name of the function behind every route."
  value       = module.function.function_name
}

output "api" {
  description = "Every output of the rest-api module."
  value       = module.api
}
