output "repository_url" {
  description = "URL of the ECR repository to push the function's image to."
  value       = aws_ecr_repository.function.repository_url
}

output "subnet_ids" {
  description = "Ids of the private subnets the function is attached to."
  value       = [for subnet in aws_subnet.private : subnet.id]
}

output "security_group_id" {
  description = "Id of the function's security group."
  value       = aws_security_group.function.id
}

output "log_group_name" {
  description = "Name of the service's shared log group the function logs to."
  value       = aws_cloudwatch_log_group.service.name
}

output "function" {
  description = "Every output of the lambda-function module."
  value       = module.function
}
