output "key_arn" {
  description = "ARN of the key: what queues, topics, log groups and tables take as their KMS key."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "Id (UUID) of the key."
  value       = aws_kms_key.this.key_id
}

output "alias_arn" {
  description = "ARN of the alias alias/<name>."
  value       = aws_kms_alias.this.arn
}

output "alias_name" {
  description = "Name of the alias (alias/<name>)."
  value       = aws_kms_alias.this.name
}

output "policy_json" {
  description = "The key policy as JSON, known at plan time when the persona ARNs are, so the gate can inspect it before apply."
  value       = data.aws_iam_policy_document.key_policy.json
}
