output "kms_key_arn" {
  description = "ARN of the customer key encrypting the state machine, function, queue, logs and alarm topic."
  value       = aws_kms_key.workload.arn
}

output "boundary_arn" {
  description = "ARN of the permissions boundary policy on the roles."
  value       = aws_iam_policy.boundary.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "reconcile_function" {
  description = "Every output of the lambda-function module the workflow invokes."
  value       = module.reconcile_function
}

output "reports_queue" {
  description = "Every output of the sqs-queue module the workflow reports mismatches to."
  value       = module.reports_queue
}

output "state_machine" {
  description = "Every output of the step-function module."
  value       = module.state_machine
}
