# Organisation-level guardrails (service control policies), applied separately from the
# environments, from the management account of an existing organisation with SCPs enabled:
#
#   root                 deny leaving the organisation, tampering with CloudTrail, Config and
#                        GuardDuty, and any region outside the allow-list
#   workloads-<env> OU   roles only with that environment's approved permissions boundary, no
#                        boundary removal, Lambda functions and their concurrency changed only by
#                        the environment's deployer role, log groups never lose their key
#
# Each environment's account is moved into its OU by the organisation's account process, not here.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      managed_by = "terraform"
      root       = "envs/org"
      service    = "organization"
      owner      = "platform-team"
    }
  }
}

data "aws_partition" "current" {}
data "aws_organizations_organization" "this" {}

locals {
  partition   = data.aws_partition.current.partition
  root_id     = data.aws_organizations_organization.this.roots[0].id
  break_glass = ["arn:${local.partition}:iam::*:role/${var.break_glass_role_name}"]
}

module "organization_guardrails" {
  source = "../../modules/service-control-policies"

  name = "org-guardrails"
  statement_ids = [
    "deny-leave-organization",
    "deny-cloudtrail-tampering",
    "deny-config-tampering",
    "deny-guardduty-tampering",
    "deny-regions-outside-allow-list",
  ]
  allowed_regions               = var.allowed_regions
  exempt_principal_arn_patterns = local.break_glass
  targets                       = { root = local.root_id }
  # FullAWSAccess keeps one of the root's five slots.
  max_policies_per_target = 4
}

resource "aws_organizations_organizational_unit" "workloads" {
  for_each = var.environments

  name      = "workloads-${each.key}"
  parent_id = local.root_id
}

module "environment_guardrails" {
  source   = "../../modules/service-control-policies"
  for_each = var.environments

  name = "orders-${each.key}-guardrails"
  statement_ids = [
    "deny-role-without-approved-boundary",
    "deny-boundary-removal",
    "deny-lambda-outside-workload-roles",
    "deny-log-group-key-removal",
  ]
  approved_boundary_arn         = "arn:${local.partition}:iam::*:policy/orders-${each.key}-boundary"
  workload_role_arn_patterns    = ["arn:${local.partition}:iam::*:role/orders-${each.key}-deployer"]
  exempt_principal_arn_patterns = local.break_glass
  targets                       = { ou = aws_organizations_organizational_unit.workloads[each.key].id }
  # Root policies are inherited, not attached: the OU keeps its own slots minus FullAWSAccess.
  max_policies_per_target = 4
}
