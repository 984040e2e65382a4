# A monthly COST budget for the "orders" workload in one environment, alerting by e-mail and
# through an encrypted SNS topic. Anomaly detection and the budget action are switched by
# variables (off by default here: the emulator used in tests has neither API).

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "budget-alerts-complete" }
  }
}

module "budget" {
  source = "../../"

  name         = var.name
  environment  = var.environment
  limit_amount = var.limit_amount

  cost_filter_tags      = { service = [var.name], environment = [var.environment] }
  actual_thresholds     = [80, 100]
  forecasted_thresholds = [100]
  subscriber_emails     = ["finops@example.com"]

  kms_deletion_window_in_days = 7
  anomaly_detection           = { enabled = var.anomaly_detection_enabled }
  budget_action               = length(var.budget_action_role_names) == 0 ? null : { threshold_percentage = 120, role_names = var.budget_action_role_names }

  tags = { example = "budget-alerts-complete" }
}
