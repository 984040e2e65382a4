output "policy_arn" {
  description = "ARN of the boundary policy, for the permissions_boundary of every workload role (the lambda-function module requires it). Built from the name so it is known at plan time; depends on the policy, so roles wait for it."
  value       = local.policy_arn
  depends_on  = [aws_iam_policy.this]
}

output "policy_name" {
  description = "Name of the boundary policy."
  value       = aws_iam_policy.this.name
}

output "policy_json" {
  description = "The rendered boundary document (minified JSON), known at plan time."
  value       = local.document
}
