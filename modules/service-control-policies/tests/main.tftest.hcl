# Native tests: mock AWS provider; packing, rendering and every validation.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name = "guardrails"
  statement_ids = [
    "deny-leave-organization",
    "deny-regions-outside-allow-list",
    "deny-role-without-approved-boundary",
    "deny-boundary-removal",
  ]
  allowed_regions               = ["eu-west-1", "eu-central-1"]
  approved_boundary_arn         = "arn:aws:iam::*:policy/orders-boundary"
  exempt_principal_arn_patterns = ["arn:aws:iam::*:role/platform-break-glass"]
  targets = {
    root      = "r-ab12"
    workloads = "ou-ab12-11111111"
  }
}

run "packs_the_catalogue_into_one_policy_attached_everywhere" {
  command = plan

  assert {
    condition     = keys(aws_organizations_policy.this) == ["01"]
    error_message = "four small statements fit into one policy"
  }
  assert {
    condition     = length(aws_organizations_policy.this["01"].content) <= 5120 && !strcontains(aws_organizations_policy.this["01"].content, " ")
    error_message = "the policy is minified and under the SCP limit"
  }
  assert {
    condition     = toset(keys(aws_organizations_policy_attachment.this)) == toset(["01/root", "01/workloads"])
    error_message = "each policy is attached to each target, keyed policy/target"
  }
  assert {
    condition     = aws_organizations_policy_attachment.this["01/workloads"].target_id == "ou-ab12-11111111"
    error_message = "attachments point at the target ids"
  }
  assert {
    condition = one([for s in jsondecode(aws_organizations_policy.this["01"].content).Statement :
    s.Condition.StringNotEquals["aws:RequestedRegion"] if s.Sid == "DenyRegionsOutsideAllowList"]) == ["eu-west-1", "eu-central-1"]
    error_message = "the allowed regions are rendered as a JSON list"
  }
  assert {
    condition = one([for s in jsondecode(aws_organizations_policy.this["01"].content).Statement :
    s.Condition.StringNotLike["iam:PermissionsBoundary"] if s.Sid == "DenyRoleWithoutApprovedBoundary"]) == var.approved_boundary_arn
    error_message = "the approved boundary is the only one allowed"
  }
  assert {
    condition     = aws_organizations_policy.this["01"].type == "SERVICE_CONTROL_POLICY" && aws_organizations_policy.this["01"].name == "guardrails-01"
    error_message = "policies are SCPs named <name>-NN"
  }
  assert {
    condition     = output.policies["01"].statement_ids == sort(var.statement_ids)
    error_message = "the output names the statements of each policy"
  }
}

run "big_statements_need_two_policies" {
  command = plan

  variables {
    statement_ids = ["deny-leave-organization"]
    custom_statements = {
      deny-big-a = jsonencode({ Sid = "DenyBigA", Effect = "Deny", Action = [for i in range(180) : format("s3:Action%04d", i)], Resource = "*" })
      deny-big-b = jsonencode({ Sid = "DenyBigB", Effect = "Deny", Action = [for i in range(180) : format("s3:Action%04d", i)], Resource = "*" })
    }
  }

  assert {
    condition     = keys(aws_organizations_policy.this) == ["01", "02"]
    error_message = "two ~2.9 KB statements cannot share a 5,120-character policy"
  }
  assert {
    condition     = length(aws_organizations_policy_attachment.this) == 4
    error_message = "two policies times two targets"
  }
  assert {
    condition     = contains(output.policies["01"].statement_ids, "deny-big-a") && contains(output.policies["01"].statement_ids, "deny-leave-organization") && output.policies["02"].statement_ids == tolist(["deny-big-b"])
    error_message = "first fit decreasing: the small statement joins the first policy, ties ordered by id"
  }
}

run "oversized_statement_fails" {
  command = plan

  variables {
    custom_statements = {
      deny-huge = jsonencode({ Sid = "DenyHuge", Effect = "Deny", Action = [for i in range(400) : format("s3:Action%04d", i)], Resource = "*" })
    }
  }
  expect_failures = [aws_organizations_policy.this]
}

run "unknown_statement_id_fails" {
  command = plan
  variables {
    statement_ids = ["deny-leave-organization", "deny-everything-nice"]
  }
  expect_failures = [output.policies]
}

run "missing_parameter_fails" {
  command = plan
  variables {
    allowed_regions = []
  }
  expect_failures = [output.policies]
}

run "too_many_policies_for_a_target_fails" {
  command = plan
  variables {
    max_policies_per_target = 1
    custom_statements = {
      deny-big-a = jsonencode({ Sid = "DenyBigA", Effect = "Deny", Action = [for i in range(180) : format("s3:Action%04d", i)], Resource = "*" })
      deny-big-b = jsonencode({ Sid = "DenyBigB", Effect = "Deny", Action = [for i in range(180) : format("s3:Action%04d", i)], Resource = "*" })
    }
  }
  expect_failures = [output.policies]
}

run "custom_statement_reusing_a_catalogue_id_fails" {
  command = plan
  variables {
    custom_statements = {
      deny-leave-organization = jsonencode({ Sid = "DenyLeaveOrganizationToo", Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" })
    }
  }
  expect_failures = [output.policies]
}

run "custom_statement_with_an_unknown_placeholder_fails" {
  command = plan
  variables {
    custom_statements = {
      deny-other-buckets = jsonencode({ Sid = "DenyOtherBuckets", Effect = "Deny", Action = "s3:*", NotResource = "arn:aws:s3:::$${bucket}/*" })
    }
  }
  expect_failures = [output.policies]
}

run "custom_statement_repeating_a_sid_fails" {
  command = plan
  variables {
    custom_statements = {
      deny-leave-again = jsonencode({ Sid = "DenyLeaveOrganization", Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" })
    }
  }
  expect_failures = [output.policies]
}

run "rejects_bad_name" {
  command = plan
  variables {
    name = "guard rails"
  }
  expect_failures = [var.name]
}

run "rejects_duplicate_statement_ids" {
  command = plan
  variables {
    statement_ids = ["deny-leave-organization", "deny-leave-organization"]
  }
  expect_failures = [var.statement_ids]
}

run "rejects_non_kebab_statement_ids" {
  command = plan
  variables {
    statement_ids = ["DenyLeaveOrganization"]
  }
  expect_failures = [var.statement_ids]
}

run "rejects_too_many_custom_statements" {
  command = plan
  variables {
    custom_statements = { for i in range(9) : "custom-${i}" => jsonencode({ Sid = "Custom${i}", Effect = "Deny", Action = "s3:PutObject", Resource = "*" }) }
  }
  expect_failures = [var.custom_statements]
}

run "rejects_bad_custom_statement_keys" {
  command = plan
  variables {
    custom_statements = { Custom = jsonencode({ Sid = "Custom", Effect = "Deny", Action = "s3:PutObject", Resource = "*" }) }
  }
  expect_failures = [var.custom_statements]
}

run "rejects_malformed_custom_statement" {
  command = plan
  variables {
    custom_statements = { custom = jsonencode({ Effect = "Maybe", Action = "s3:PutObject" }) }
  }
  expect_failures = [var.custom_statements]
}

run "rejects_bad_region" {
  command = plan
  variables {
    allowed_regions = ["Ireland"]
  }
  expect_failures = [var.allowed_regions]
}

run "rejects_bad_boundary_arn" {
  command = plan
  variables {
    approved_boundary_arn = "orders-boundary"
  }
  expect_failures = [var.approved_boundary_arn]
}

run "rejects_bad_workload_role_patterns" {
  command = plan
  variables {
    workload_role_arn_patterns = ["*"]
  }
  expect_failures = [var.workload_role_arn_patterns]
}

run "rejects_bad_exempt_patterns" {
  command = plan
  variables {
    exempt_principal_arn_patterns = ["arn:aws:iam::*:user/alice"]
  }
  expect_failures = [var.exempt_principal_arn_patterns]
}

run "rejects_bad_target_ids" {
  command = plan
  variables {
    targets = { root = "root" }
  }
  expect_failures = [var.targets]
}

run "rejects_bad_target_keys" {
  command = plan
  variables {
    targets = { "the root" = "r-ab12" }
  }
  expect_failures = [var.targets]
}

run "rejects_bad_max_policies" {
  command = plan
  variables {
    max_policies_per_target = 6
  }
  expect_failures = [var.max_policies_per_target]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}
