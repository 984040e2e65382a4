output "budget_name" {
  description = "Name of the monthly COST budget."
  value       = aws_budgets_budget.this.name
}

output "budget_arn" {
  description = "ARN of the budget."
  value       = aws_budgets_budget.this.arn
}

output "topic_arn" {
  description = "ARN of the KMS-encrypted alert topic (budgets, anomalies and the budget action notify it)."
  value       = aws_sns_topic.alerts.arn
}

output "kms_key_arn" {
  description = "ARN of the customer key encrypting the alert topic."
  value       = aws_kms_key.alerts.arn
}

output "anomaly_monitor_arn" {
  description = "ARN of the Cost Anomaly Detection monitor, or null when anomaly detection is off."
  value       = one(aws_ce_anomaly_monitor.this[*].arn)
}

output "budget_action_id" {
  description = "Id of the budget action, or null when no budget action is configured."
  value       = one(aws_budgets_budget_action.spend_freeze[*].action_id)
}

output "spend_freeze_policy_arn" {
  description = "ARN of the deny policy the budget action applies, or null."
  value       = one(aws_iam_policy.spend_freeze[*].arn)
}
