output "organization_policies" {
  description = "Policies attached to the organisation root: key => id, ARN, statement ids, size."
  value       = module.organization_guardrails.policies
}

output "environment_policies" {
  description = "Per environment, the policies attached to its workloads OU."
  value       = { for env, guardrails in module.environment_guardrails : env => guardrails.policies }
}

output "workload_ou_ids" {
  description = "Organisational unit of each environment; move the environment's account into it."
  value       = { for env, ou in aws_organizations_organizational_unit.workloads : env => ou.id }
}
