output "kms_key_arn" {
  description = "ARN of the customer key encrypting the secret, bucket, stream, functions, workflow, logs and alarm topic."
  value       = aws_kms_key.workload.arn
}

output "secret_arn" {
  description = "ARN of the database secret the function reads (its value is put by the database's owner)."
  value       = aws_secretsmanager_secret.database.arn
}

output "config_path_arn" {
  description = "ARN of the SSM parameter path the function reads."
  value       = local.config_arn
}

output "exports_bucket_arn" {
  description = "ARN of the bucket the function exports to (under the daily/ prefix)."
  value       = local.bucket_arn
}

output "clicks_stream_arn" {
  description = "ARN of the Kinesis stream the function reads."
  value       = aws_kinesis_stream.clicks.arn
}

output "pricing" {
  description = "Every output of the pricing function's lambda-function module."
  value       = module.pricing
}

output "reconcile" {
  description = "Every output of the step-function module."
  value       = module.reconcile
}

output "function" {
  description = "Every output of the export function's lambda-function module."
  value       = module.function
}
