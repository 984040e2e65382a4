output "state_machine_name" {
  description = "Name of the state machine."
  value       = aws_sfn_state_machine.this.name
}

output "state_machine_arn" {
  description = "ARN of the state machine, built from its name: known at plan time (a schedule module target or a grant)."
  value       = local.state_machine_arn
  depends_on  = [aws_sfn_state_machine.this]
}

output "grant_target" {
  description = "The state machine as a lambda-function grant target: `grants = { reconcile = { target = module.<this>.grant_target, access = \"start\" } }` grants states:StartExecution on the state machine and kms:GenerateDataKey/Decrypt on its key through Step Functions (the execution input is encrypted with it)."
  value = {
    type        = "state_machine"
    arn         = local.state_machine_arn
    kms_key_arn = var.kms_key_arn
    stream_arn  = null
  }
  depends_on = [aws_sfn_state_machine.this]
}

output "role_arn" {
  description = "ARN of the state machine's role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the state machine's role."
  value       = aws_iam_role.this.name
}

output "policy_json" {
  description = "The role's inline policy (JSON), generated from grants, logging, tracing and the key."
  value       = aws_iam_role_policy.this.policy
}

output "log_group_name" {
  description = "Name of the state machine's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "alarm_arns" {
  description = "Map of alarm key (executions-failed, executions-timed-out, executions-throttled) to alarm ARN; empty when alarms are disabled."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}
