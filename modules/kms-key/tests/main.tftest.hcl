# Native tests: mock AWS provider with realistic data, values known at plan time.
#
# The mock provider cannot render aws_iam_policy_document (its json would be a random string), so
# the key policy is checked through the statements the module configures on the data source; the
# plan and emulator tiers check the JSON the real provider renders from them.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  # Values this module's assertions name, over the shared mocks.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AccountRoot\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"
    }
  }
}

variables {
  name = "orders"
}

run "defaults_are_secure" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.rotation_period_in_days == 365
    error_message = "rotation is on by default, every 365 days"
  }
  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 30
    error_message = "the deletion window defaults to the longest, 30 days"
  }
  assert {
    condition = (
      aws_kms_key.this.key_usage == "ENCRYPT_DECRYPT" &&
      aws_kms_key.this.customer_master_key_spec == "SYMMETRIC_DEFAULT" &&
      !aws_kms_key.this.multi_region && aws_kms_key.this.is_enabled &&
      !aws_kms_key.this.bypass_policy_lockout_safety_check
    )
    error_message = "a single-region symmetric encryption key, enabled, with the policy lockout check kept"
  }
  assert {
    condition     = aws_kms_key.this.description == "Customer managed key orders"
    error_message = "the description defaults to the name"
  }
  assert {
    condition     = aws_kms_key.this.policy == data.aws_iam_policy_document.key_policy.json && output.policy_json == data.aws_iam_policy_document.key_policy.json
    error_message = "the key carries the explicit policy document, which is also an output"
  }
  assert {
    condition     = [for s in data.aws_iam_policy_document.key_policy.statement : s.sid] == ["AccountRoot"]
    error_message = "without personas or services the policy has only the account root statement"
  }
  assert {
    condition = (
      data.aws_iam_policy_document.key_policy.statement[0].effect == "Allow" &&
      toset(data.aws_iam_policy_document.key_policy.statement[0].actions) == toset(["kms:*"]) &&
      toset(data.aws_iam_policy_document.key_policy.statement[0].resources) == toset(["*"]) &&
      one(data.aws_iam_policy_document.key_policy.statement[0].principals).type == "AWS" &&
      toset(one(data.aws_iam_policy_document.key_policy.statement[0].principals).identifiers) == toset(["arn:aws:iam::123456789012:root"])
    )
    error_message = "the account root (built from partition and account id) keeps kms:* so the key cannot be orphaned"
  }
  assert {
    condition     = aws_kms_alias.this.name == "alias/orders" && aws_kms_alias.this.target_key_id == aws_kms_key.this.key_id
    error_message = "the alias alias/<name> points at the key"
  }
  assert {
    condition = (
      output.key_arn == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" &&
      output.key_id == "1234abcd-12ab-34cd-56ef-1234567890ab" &&
      output.alias_name == "alias/orders" &&
      output.alias_arn == "arn:aws:kms:eu-west-1:123456789012:alias/orders"
    )
    error_message = "outputs expose the key and alias attributes"
  }
}

run "personas_and_services" {
  command = plan

  variables {
    description             = "Orders queues"
    rotation_period_in_days = 90
    deletion_window_in_days = 7
    administrators          = ["arn:aws:iam::123456789012:role/key-admin"]
    users                   = ["arn:aws:iam::123456789012:role/orders-worker", "arn:aws:iam::123456789012:role/orders-api"]
    service_principals = {
      Sqs = { service = "sqs.amazonaws.com", via_services = ["sqs.eu-west-1.amazonaws.com"] }
    }
    allow_cloudwatch_logs   = true
    allow_eventbridge       = true
    allow_sns               = true
    allow_cloudwatch_alarms = true
    allow_budgets           = true
    tags                    = { team = "orders" }
  }

  assert {
    condition     = aws_kms_key.this.rotation_period_in_days == 90 && aws_kms_key.this.deletion_window_in_days == 7
    error_message = "rotation period and deletion window follow the inputs"
  }
  assert {
    condition     = aws_kms_key.this.description == "Orders queues" && aws_kms_key.this.tags == tomap({ team = "orders" })
    error_message = "description and tags follow the inputs"
  }
  assert {
    condition = [for s in data.aws_iam_policy_document.key_policy.statement : s.sid] == [
      "AccountRoot", "KeyAdministrators", "KeyUsers", "ServiceSqs", "CloudWatchLogs",
      "DeliveryBudgets", "DeliveryCloudWatchAlarms", "DeliveryEventBridge", "DeliverySNS",
    ]
    error_message = "one statement per persona, service grant and enabled service"
  }
  assert {
    condition = (
      one(data.aws_iam_policy_document.key_policy.statement[1].principals).type == "AWS" &&
      toset(one(data.aws_iam_policy_document.key_policy.statement[1].principals).identifiers) == toset(["arn:aws:iam::123456789012:role/key-admin"]) &&
      contains(data.aws_iam_policy_document.key_policy.statement[1].actions, "kms:ScheduleKeyDeletion") &&
      contains(data.aws_iam_policy_document.key_policy.statement[1].actions, "kms:PutKeyPolicy") &&
      length(setintersection(data.aws_iam_policy_document.key_policy.statement[1].actions, ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:*", "kms:CreateGrant"])) == 0
    )
    error_message = "administrators manage the key but get no cryptographic action and no way to grant one"
  }
  assert {
    condition = (
      toset(one(data.aws_iam_policy_document.key_policy.statement[2].principals).identifiers) == toset(["arn:aws:iam::123456789012:role/orders-worker", "arn:aws:iam::123456789012:role/orders-api"]) &&
      toset(data.aws_iam_policy_document.key_policy.statement[2].actions) == toset(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"])
    )
    error_message = "users get exactly the cryptographic actions"
  }
  assert {
    condition = (
      one(data.aws_iam_policy_document.key_policy.statement[3].principals).type == "Service" &&
      toset(one(data.aws_iam_policy_document.key_policy.statement[3].principals).identifiers) == toset(["sqs.amazonaws.com"]) &&
      toset(data.aws_iam_policy_document.key_policy.statement[3].actions) == toset(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]) &&
      one(data.aws_iam_policy_document.key_policy.statement[3].condition).test == "StringEquals" &&
      one(data.aws_iam_policy_document.key_policy.statement[3].condition).variable == "kms:ViaService" &&
      one(data.aws_iam_policy_document.key_policy.statement[3].condition).values == tolist(["sqs.eu-west-1.amazonaws.com"])
    )
    error_message = "a service principal gets the user actions only through the listed endpoints (kms:ViaService)"
  }
  assert {
    condition = (
      one(data.aws_iam_policy_document.key_policy.statement[4].principals).type == "Service" &&
      toset(one(data.aws_iam_policy_document.key_policy.statement[4].principals).identifiers) == toset(["logs.eu-west-1.amazonaws.com"]) &&
      one(data.aws_iam_policy_document.key_policy.statement[4].condition).test == "ArnLike" &&
      one(data.aws_iam_policy_document.key_policy.statement[4].condition).variable == "kms:EncryptionContext:aws:logs:arn" &&
      one(data.aws_iam_policy_document.key_policy.statement[4].condition).values == tolist(["arn:aws:logs:eu-west-1:123456789012:log-group:*"])
    )
    error_message = "CloudWatch Logs of this region may use the key only for this account's log groups in this region"
  }
  assert {
    condition = alltrue([for s in slice(data.aws_iam_policy_document.key_policy.statement, 5, 9) :
      toset(s.actions) == toset(["kms:GenerateDataKey*", "kms:Decrypt"]) &&
      one(s.condition).test == "StringEquals" && one(s.condition).variable == "aws:SourceAccount" &&
      one(s.condition).values == tolist(["123456789012"])
    ])
    error_message = "delivery services get GenerateDataKey* and Decrypt for this account only"
  }
  assert {
    condition = [for s in slice(data.aws_iam_policy_document.key_policy.statement, 5, 9) : one(one(s.principals).identifiers)] == [
      "budgets.amazonaws.com", "cloudwatch.amazonaws.com", "events.amazonaws.com", "sns.amazonaws.com",
    ]
    error_message = "each delivery statement names its own service principal"
  }
}

run "rotation_can_be_turned_off_explicitly" {
  command = plan

  variables {
    enable_key_rotation = false
  }

  assert {
    # rotation_period_in_days is computed, so the mock fills it in; the plan tier checks it is unset.
    condition     = !aws_kms_key.this.enable_key_rotation
    error_message = "rotation can be turned off"
  }
}

run "single_delivery_service" {
  command = plan

  variables {
    allow_sns = true
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.key_policy.statement : s.sid] == ["AccountRoot", "DeliverySNS"]
    error_message = "only the enabled delivery service gets a statement"
  }
}

# One run per validation block.

run "rejects_reserved_alias_name" {
  command = plan
  variables {
    name = "aws/orders"
  }
  expect_failures = [var.name]
}

run "rejects_empty_description" {
  command = plan
  variables {
    description = ""
  }
  expect_failures = [var.description]
}

run "rejects_short_rotation_period" {
  command = plan
  variables {
    rotation_period_in_days = 89
  }
  expect_failures = [var.rotation_period_in_days]
}

run "rejects_long_deletion_window" {
  command = plan
  variables {
    deletion_window_in_days = 31
  }
  expect_failures = [var.deletion_window_in_days]
}

run "rejects_wildcard_administrator" {
  command = plan
  variables {
    administrators = ["*"]
  }
  expect_failures = [var.administrators]
}

run "rejects_account_root_as_user" {
  command = plan
  variables {
    users = ["arn:aws:iam::123456789012:root"]
  }
  expect_failures = [var.users]
}

run "rejects_service_key_that_is_not_a_sid" {
  command = plan
  variables {
    service_principals = {
      "sqs-queues" = { service = "sqs.amazonaws.com", via_services = ["sqs.eu-west-1.amazonaws.com"] }
    }
  }
  expect_failures = [var.service_principals]
}

run "rejects_service_that_is_not_a_principal" {
  command = plan
  variables {
    service_principals = {
      Sqs = { service = "*", via_services = ["sqs.eu-west-1.amazonaws.com"] }
    }
  }
  expect_failures = [var.service_principals]
}

run "rejects_service_without_via_services" {
  command = plan
  variables {
    service_principals = {
      Sqs = { service = "sqs.amazonaws.com", via_services = [] }
    }
  }
  expect_failures = [var.service_principals]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "me" }
  }
  expect_failures = [var.tags]
}
