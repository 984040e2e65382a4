output "boundary" {
  description = "Every output of the permissions-boundary module."
  value       = module.boundary
}

output "worker_role_name" {
  description = "Name of the example workload role capped by the boundary."
  value       = aws_iam_role.worker.name
}
