# Native tests: mock AWS provider; budget, notifications, topic policy and every validation.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  # Values this module's assertions name, over the shared mocks.
  mock_resource "aws_iam_policy" {
    defaults = {
      arn = "arn:aws:iam::123456789012:policy/orders-prod-monthly-spend-freeze"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/orders-prod-monthly-budget-action"
    }
  }
}

variables {
  name              = "orders"
  environment       = "prod"
  limit_amount      = 500
  subscriber_emails = ["finops@example.com"]
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_budgets_budget.this.name == "orders-prod-monthly" && aws_budgets_budget.this.budget_type == "COST" && aws_budgets_budget.this.time_unit == "MONTHLY"
    error_message = "a monthly COST budget named <name>-<environment>-monthly"
  }
  assert {
    condition     = aws_budgets_budget.this.limit_amount == "500.00" && aws_budgets_budget.this.limit_unit == "USD"
    error_message = "the limit is rendered with two decimals in USD"
  }
  assert {
    condition     = length(aws_budgets_budget.this.notification) == 3 && length([for n in aws_budgets_budget.this.notification : n if n.notification_type == "FORECASTED" && n.threshold == 100]) == 1
    error_message = "ACTUAL at 80 and 100 percent, FORECASTED at 100 percent"
  }
  assert {
    condition     = alltrue([for n in aws_budgets_budget.this.notification : n.subscriber_sns_topic_arns == toset([aws_sns_topic.alerts.arn]) && n.subscriber_email_addresses == toset(["finops@example.com"])])
    error_message = "every notification reaches the topic and the e-mail addresses"
  }
  assert {
    condition     = length(aws_budgets_budget.this.cost_filter) == 0
    error_message = "without tags the budget counts the whole account"
  }
  assert {
    condition     = aws_sns_topic.alerts.kms_master_key_id == aws_kms_key.alerts.arn && aws_kms_key.alerts.enable_key_rotation
    error_message = "the topic is encrypted with the module's rotating customer key"
  }
  assert {
    condition = (
      length(jsondecode(aws_sns_topic_policy.alerts.policy).Statement) == 1 &&
      jsondecode(aws_sns_topic_policy.alerts.policy).Statement[0].Principal.Service == "budgets.amazonaws.com" &&
      jsondecode(aws_sns_topic_policy.alerts.policy).Statement[0].Action == "sns:Publish" &&
      jsondecode(aws_sns_topic_policy.alerts.policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012" &&
      jsondecode(aws_sns_topic_policy.alerts.policy).Statement[0].Resource == "arn:aws:sns:eu-west-1:123456789012:orders-prod-monthly-alerts"
    )
    error_message = "only budgets.amazonaws.com may publish, for this account only"
  }
  assert {
    condition     = length([for s in jsondecode(aws_kms_key.alerts.policy).Statement : s if try(s.Principal.Service, "") == "budgets.amazonaws.com" && try(s.Condition.StringEquals["aws:SourceAccount"], "") == "123456789012"]) == 1
    error_message = "the key lets Budgets encrypt for this account only"
  }
  assert {
    condition     = length(aws_ce_anomaly_monitor.this) == 0 && length(aws_budgets_budget_action.spend_freeze) == 0 && length(aws_iam_role.budget_action) == 0
    error_message = "anomaly detection and the budget action are opt-in"
  }
}

run "filters_anomalies_and_action" {
  command = plan

  variables {
    cost_filter_tags      = { service = ["orders"], environment = ["prod"] }
    actual_thresholds     = [50]
    forecasted_thresholds = [90, 110]
    anomaly_detection     = { enabled = true, impact_threshold = 25 }
    budget_action         = { threshold_percentage = 120, role_names = ["orders-deployer"] }
  }

  assert {
    condition     = one(aws_budgets_budget.this.cost_filter).name == "TagKeyValue" && one(aws_budgets_budget.this.cost_filter).values == tolist(["user:environment$prod", "user:service$orders"])
    error_message = "tag filters use the user:<key>$<value> form"
  }
  assert {
    condition     = length([for s in jsondecode(aws_sns_topic_policy.alerts.policy).Statement : s if s.Principal.Service == "costalerts.amazonaws.com"]) == 1
    error_message = "anomaly detection may publish once it is enabled"
  }
  assert {
    condition     = aws_ce_anomaly_subscription.this[0].frequency == "IMMEDIATE" && one(aws_ce_anomaly_subscription.this[0].threshold_expression).dimension[0].values == toset(["25.00"])
    error_message = "anomalies of at least 25 USD go to the topic immediately"
  }
  assert {
    condition     = aws_budgets_budget_action.spend_freeze[0].approval_model == "MANUAL" && aws_budgets_budget_action.spend_freeze[0].action_threshold[0].action_threshold_value == 120
    error_message = "the budget action waits for approval by default and fires at the given percentage"
  }
  assert {
    condition     = jsondecode(aws_iam_role_policy.budget_action[0].policy).Statement[0].Condition.ArnEquals["iam:PolicyARN"] == aws_iam_policy.spend_freeze[0].arn
    error_message = "the execution role may attach the freeze policy and nothing else"
  }
  assert {
    condition     = contains(jsondecode(aws_iam_policy.spend_freeze[0].policy).Statement[0].Action, "lambda:PutFunctionConcurrency") && jsondecode(aws_iam_policy.spend_freeze[0].policy).Statement[0].Effect == "Deny"
    error_message = "the freeze policy denies spend growth"
  }
}

run "rejects_bad_name" {
  command = plan
  variables {
    name = "orders prod"
  }
  expect_failures = [var.name]
}

run "rejects_bad_environment" {
  command = plan
  variables {
    environment = "Prod"
  }
  expect_failures = [var.environment]
}

run "rejects_zero_limit" {
  command = plan
  variables {
    limit_amount = 0
  }
  expect_failures = [var.limit_amount]
}

run "rejects_bad_currency" {
  command = plan
  variables {
    limit_unit = "dollars"
  }
  expect_failures = [var.limit_unit]
}

run "rejects_empty_tag_filter" {
  command = plan
  variables {
    cost_filter_tags = { service = [] }
  }
  expect_failures = [var.cost_filter_tags]
}

run "rejects_dollar_in_tag_value" {
  command = plan
  variables {
    cost_filter_tags = { service = ["a$b"] }
  }
  expect_failures = [var.cost_filter_tags]
}

run "requires_an_actual_threshold" {
  command = plan
  variables {
    actual_thresholds = []
  }
  expect_failures = [var.actual_thresholds]
}

run "requires_a_forecasted_threshold" {
  command = plan
  variables {
    forecasted_thresholds = []
  }
  expect_failures = [var.forecasted_thresholds]
}

run "requires_an_email" {
  command = plan
  variables {
    subscriber_emails = []
  }
  expect_failures = [var.subscriber_emails]
}

run "rejects_bad_email" {
  command = plan
  variables {
    subscriber_emails = ["finops"]
  }
  expect_failures = [var.subscriber_emails]
}

run "rejects_bad_topic_email" {
  command = plan
  variables {
    topic_email_subscriptions = ["finops"]
  }
  expect_failures = [var.topic_email_subscriptions]
}

run "rejects_short_key_window" {
  command = plan
  variables {
    kms_deletion_window_in_days = 3
  }
  expect_failures = [var.kms_deletion_window_in_days]
}

run "rejects_bad_anomaly_threshold" {
  command = plan
  variables {
    anomaly_detection = { enabled = true, impact_threshold = 0 }
  }
  expect_failures = [var.anomaly_detection]
}

run "rejects_bad_action_threshold" {
  command = plan
  variables {
    budget_action = { threshold_percentage = 0, role_names = ["orders-deployer"] }
  }
  expect_failures = [var.budget_action]
}

run "rejects_action_without_roles" {
  command = plan
  variables {
    budget_action = { threshold_percentage = 100, role_names = [] }
  }
  expect_failures = [var.budget_action]
}

run "rejects_bad_approval_model" {
  command = plan
  variables {
    budget_action = { threshold_percentage = 100, role_names = ["r"], approval_model = "LATER" }
  }
  expect_failures = [var.budget_action]
}

run "rejects_bad_extra_actions" {
  command = plan
  variables {
    budget_action = { threshold_percentage = 100, role_names = ["r"], extra_denied_actions = ["everything"] }
  }
  expect_failures = [var.budget_action]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}
