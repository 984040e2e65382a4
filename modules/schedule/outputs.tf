output "schedule_name" {
  description = "Name of the schedule."
  value       = aws_scheduler_schedule.this.name
}

output "schedule_arn" {
  description = "ARN of the schedule, built from its group and name: known at plan time (for aws:SourceArn conditions on the target)."
  value       = local.schedule_arn
  depends_on  = [aws_scheduler_schedule.this]
}

output "group_name" {
  description = "Name of the schedule group the schedule belongs to (\"default\" when group is null)."
  value       = local.group_name
}

output "role_arn" {
  description = "ARN of the execution role Scheduler assumes to start the target."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the execution role."
  value       = aws_iam_role.this.name
}

output "policy_json" {
  description = "The execution role's inline policy (JSON): start exactly the target, send to exactly the dead-letter queue, and the keys."
  value       = aws_iam_role_policy.this.policy
}

output "alarm_arns" {
  description = "Map of alarm key (target-errors, dead-lettered, dead-letter-failed) to alarm ARN; empty when alarms are disabled."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}
