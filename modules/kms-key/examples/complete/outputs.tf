output "key" {
  description = "Every output of the kms-key module."
  value       = module.key
}

output "administrator_role_arn" {
  description = "ARN of the role that administers the key."
  value       = aws_iam_role.operator.arn
}

output "user_role_arn" {
  description = "ARN of the role that uses the key."
  value       = aws_iam_role.worker.arn
}
