output "organization_root_id" {
  description = "Id of the organization root the policies are attached to."
  value       = aws_organizations_organization.this.roots[0].id
}

output "workloads_ou_id" {
  description = "Id of the workloads organizational unit."
  value       = aws_organizations_organizational_unit.workloads.id
}

output "guardrails" {
  description = "Every output of the service-control-policies module."
  value       = module.guardrails
}
