# Native tests: mock AWS provider, the rendered boundary is known at plan time.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  # Another partition and region than the shared mocks, so the rendering is proven to read them.
  mock_data "aws_partition" {
    defaults = {
      partition  = "aws-cn"
      dns_suffix = "amazonaws.com.cn"
    }
  }
  mock_data "aws_service" {
    defaults = {
      region = "cn-north-1"
    }
  }
  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws-cn:iam::123456789012:policy/orders-boundary"
    }
  }
}

variables {
  name            = "orders-boundary"
  resource_prefix = "orders"
}

run "renders_partition_account_region_and_prefix" {
  command = plan

  assert {
    condition     = output.policy_arn == "arn:aws-cn:iam::123456789012:policy/orders-boundary"
    error_message = "policy_arn is built from partition, account, path and name at plan time"
  }
  assert {
    condition     = !strcontains(output.policy_json, "$${") && !strcontains(output.policy_json, "arn:aws:")
    error_message = "every placeholder is rendered and no arn:aws partition is hard-coded"
  }
  assert {
    condition     = one([for s in jsondecode(output.policy_json).Statement : s.Resource if s.Sid == "AllowTableDataPlane"]) == "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/orders*"
    error_message = "table access is limited to this region, account and prefix"
  }
  assert {
    condition     = one([for s in jsondecode(output.policy_json).Statement : s.Condition.StringNotEquals["aws:RequestedRegion"] if s.Sid == "DenyOutsideDeploymentRegion"]) == "cn-north-1"
    error_message = "the region deny names the deployment region"
  }
  assert {
    condition     = one([for s in jsondecode(output.policy_json).Statement : s.Condition.StringNotEquals["iam:PermissionsBoundary"] if s.Sid == "DenyPrincipalChangesWithoutThisBoundary"]) == output.policy_arn
    error_message = "role changes are denied unless they carry this very boundary"
  }
  assert {
    condition     = one([for s in jsondecode(output.policy_json).Statement : s.Resource if s.Sid == "DenyBoundaryPolicyChanges"]) == output.policy_arn
    error_message = "the boundary protects itself from new versions and deletion"
  }
  assert {
    condition     = one([for s in jsondecode(output.policy_json).Statement : s.NotResource if s.Sid == "DenyPassRoleOutsidePrefix"]) == "arn:aws-cn:iam::123456789012:role/orders*"
    error_message = "PassRole is denied outside the prefix"
  }
  assert {
    condition     = alltrue([for s in jsondecode(output.policy_json).Statement : s.Effect == "Deny" || !contains(flatten([try(s.Action, [])]), "*")])
    error_message = "no allow statement grants every action"
  }
  assert {
    condition     = aws_iam_policy.this.name == "orders-boundary" && aws_iam_policy.this.path == "/"
    error_message = "the policy is named by var.name on the root path"
  }
}

run "custom_path_is_part_of_the_arn" {
  command = plan

  variables {
    path = "/boundaries/"
    tags = { team = "orders" }
  }

  assert {
    condition     = output.policy_arn == "arn:aws-cn:iam::123456789012:policy/boundaries/orders-boundary"
    error_message = "the path is part of the ARN the boundary protects"
  }
  assert {
    condition     = aws_iam_policy.this.tags["team"] == "orders"
    error_message = "tags reach the policy"
  }
}

run "rejects_bad_name" {
  command = plan
  variables {
    name = "orders boundary"
  }
  expect_failures = [var.name]
}

run "rejects_bad_path" {
  command = plan
  variables {
    path = "boundaries"
  }
  expect_failures = [var.path]
}

run "rejects_wildcard_prefix" {
  command = plan
  variables {
    resource_prefix = "or*"
  }
  expect_failures = [var.resource_prefix]
}

run "rejects_long_description" {
  command = plan
  variables {
    description = join("", [for i in range(1001) : "x"])
  }
  expect_failures = [var.description]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}

# One run per precondition of aws_iam_policy.this; each template folder breaks exactly one.
run "rejects_a_templates_dir_without_templates" {
  command = plan
  variables {
    templates_dir = "tests" # holds test files, no *.json
  }
  expect_failures = [aws_iam_policy.this]
}

run "rejects_a_placeholder_it_does_not_render" {
  command = plan
  variables {
    templates_dir = "tests/fixtures/unknown-placeholder" # ${bucket}
  }
  expect_failures = [aws_iam_policy.this]
}

run "rejects_a_boundary_above_the_managed_policy_size" {
  command = plan
  variables {
    templates_dir = "tests/fixtures/oversized" # one statement of 450 actions, ~7,000 characters
  }
  expect_failures = [aws_iam_policy.this]
}
