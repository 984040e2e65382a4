# An organization with SCPs enabled, a workloads OU, and the whole guardrail catalogue packed
# into as few policies as fit, attached to the root and to the OU.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "service-control-policies-complete" }
  }
}

data "aws_partition" "current" {}

resource "aws_organizations_organization" "this" {
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY"]
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = aws_organizations_organization.this.roots[0].id
}

module "guardrails" {
  source = "../../"

  name = var.name
  statement_ids = [
    "deny-boundary-removal",
    "deny-cloudtrail-tampering",
    "deny-config-tampering",
    "deny-guardduty-tampering",
    "deny-lambda-outside-workload-roles",
    "deny-leave-organization",
    "deny-log-group-key-removal",
    "deny-regions-outside-allow-list",
    "deny-role-without-approved-boundary",
  ]

  allowed_regions = var.allowed_regions
  # The same boundary name in every member account (see the permissions-boundary module).
  approved_boundary_arn         = "arn:${data.aws_partition.current.partition}:iam::*:policy/orders-boundary"
  workload_role_arn_patterns    = ["arn:${data.aws_partition.current.partition}:iam::*:role/orders-deployer"]
  exempt_principal_arn_patterns = ["arn:${data.aws_partition.current.partition}:iam::*:role/platform-break-glass"]

  targets = {
    root      = aws_organizations_organization.this.roots[0].id
    workloads = aws_organizations_organizational_unit.workloads.id
  }

  tags = { example = "service-control-policies-complete" }
}
