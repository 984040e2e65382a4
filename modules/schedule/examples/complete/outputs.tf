output "kms_key_arn" {
  description = "ARN of the customer key encrypting the schedule input, the queues and the alarm topic."
  value       = aws_kms_key.workload.arn
}

output "boundary_arn" {
  description = "ARN of the permissions boundary policy on the schedule's role."
  value       = aws_iam_policy.boundary.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic the alarms notify."
  value       = module.alarm_topic.topic_arn
}

output "work_queue" {
  description = "Every output of the sqs-queue module the schedule sends to."
  value       = module.work_queue
}

output "failed_runs" {
  description = "Every output of the sqs-queue module that receives the runs Scheduler could not deliver."
  value       = module.failed_runs
}

output "schedule" {
  description = "Every output of the schedule module."
  value       = module.schedule
}
