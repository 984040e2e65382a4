# The orders service, built only from the slsguard modules:
#
#   HTTP API (JWT) --POST /orders--> api --> work queue --> worker --> orders table
#                  --GET /orders/{id}--> api --> orders table          |
#                                                                     v  OrderPlaced
#   partner REST API (usage-plan tiers) --> api          event bus --rule--> notifier (async)
#                                                                     failures --> notification-failures queue
#   nightly schedule --> reconciliation state machine --> reconciler --> orders table, event bus
#                                                          (reconciliation.tf)
#
# One KMS key per environment encrypts everything; every role carries the permissions boundary;
# every alarm notifies the alerts topic; a monthly budget watches the cost.
#
# ARNs that go into IAM policies are built from the resources' names (known at plan time) rather
# than taken from their arn attributes (known only after apply), so the gate can judge every
# policy before apply. The names come from module outputs, which keeps the dependency order.

data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "sts" }
data "aws_caller_identity" "current" {}

locals {
  service = "orders"
  name    = "${local.service}-${var.environment}"
  tags = {
    service     = local.service
    environment = var.environment
    owner       = var.owner
  }

  arn_prefix = {
    for service in ["dynamodb", "events", "sqs", "sns"] :
    service => "arn:${data.aws_partition.current.partition}:${service}:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}"
  }
  account_id = data.aws_caller_identity.current.account_id

  table_arn                 = "${local.arn_prefix.dynamodb}:table/${module.orders_table.table_name}"
  work_queue_arn            = "${local.arn_prefix.sqs}:${module.work_queue.queue_name}"
  notification_failures_arn = "${local.arn_prefix.sqs}:${module.notification_failures.queue_name}"
  # The bus and its rule are named here rather than read from module.event_bus: the rule's
  # dead-letter queue (notification_failures) names the rule in its policy, and the rule names
  # that queue, so one side has to start from names. The event-bus module calls its rules
  # "<bus>-<key>" and keeps custom-bus rules under the bus in their ARN.
  bus_name                      = local.name
  bus_arn                       = "${local.arn_prefix.events}:event-bus/${local.bus_name}"
  order_events_source           = "orders.service" # EVENT_SOURCE of functions/orders/common.py
  order_placed_rule_key         = "order-placed"
  order_placed_rule_arn         = "${local.arn_prefix.events}:rule/${local.bus_name}/${local.bus_name}-${local.order_placed_rule_key}"
  function_package              = { zip_path = var.function_zip_path }
  function_runtime              = "python3.12"
  log_level_by_environment      = { prod = "INFO" }
  application_log_level         = lookup(local.log_level_by_environment, var.environment, "DEBUG")
  alerts_topic_name             = "${local.name}-alerts"
  alerts_topic_arn              = module.alerts.topic_arn
  work_queue_visibility_seconds = 6 * var.functions.worker.timeout_seconds
}

# --- Guardrails: the key and the permissions boundary ----------------------------------------------

module "key" {
  source = "../../modules/kms-key"

  name        = local.name
  description = "orders-service ${var.environment}: table, queues, event bus, logs, function environment and alert topics"
  # CloudWatch Logs encrypts the log groups; EventBridge writes to the encrypted bus and dead-letters
  # into the encrypted failures queue; alarms publish to the encrypted alerts topic. (The budget
  # topic has its own key, created by the budget-alerts module.)
  allow_cloudwatch_logs   = true
  allow_eventbridge       = true
  allow_cloudwatch_alarms = true
  # SNS moves undeliverable alerts into the encrypted dead-letter queues of the alerts topic.
  allow_sns = true

  tags = local.tags
}

module "boundary" {
  source = "../../modules/permissions-boundary"

  name            = "${local.name}-boundary"
  resource_prefix = local.name

  tags = local.tags
}

# --- Alerts ----------------------------------------------------------------------------------------

# The alarm topic of every part (budget-alerts keeps its own topic, and key, for Budgets and Cost
# Anomaly Detection): encrypted with the environment key, TLS-only, and only CloudWatch alarms of
# this account may publish. Each e-mail subscriber gets a dead-letter queue whose depth alarm
# notifies this same topic, so the other subscribers hear of a failing address.
module "alerts" {
  source = "../../modules/sns-topic"

  name        = local.alerts_topic_name
  kms_key_arn = module.key.key_arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [local.account_id]
      source_arns     = ["arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_service.current.region}:${local.account_id}:alarm:*"]
    }
  }

  # Keyed by the address in letters, digits and hyphens (the key names the dead-letter queue).
  subscriptions = {
    for address in var.alarms.email_subscribers :
    substr(trim(replace(lower(address), "/[^a-z0-9]+/", "-"), "-"), 0, 40) => { protocol = "email", endpoint = address }
  }
  # From the name: the topic cannot take its own output as an input.
  alarm_topic_arn = "${local.arn_prefix.sns}:${local.alerts_topic_name}"

  tags = local.tags
}

# --- Data: the orders table and the queues ---------------------------------------------------------

module "orders_table" {
  source = "../../modules/dynamodb-table"

  name        = "${local.name}-orders"
  kms_key_arn = module.key.key_arn
  hash_key    = "pk"
  attributes  = { pk = "S" }

  deletion_protection_enabled    = var.table_deletion_protection.enabled
  deletion_protection_off_reason = var.table_deletion_protection.enabled ? null : var.table_deletion_protection.off_reason

  alarm_topic_arn = local.alerts_topic_arn
  tags            = local.tags
}

module "work_queue" {
  source = "../../modules/sqs-queue"

  name                             = "${local.name}-work"
  kms_key_arn                      = module.key.key_arn
  visibility_timeout_seconds       = local.work_queue_visibility_seconds
  consumer_timeout_seconds         = var.functions.worker.timeout_seconds
  max_receive_count                = var.work_queue.max_receive_count
  message_retention_seconds        = var.work_queue.message_retention_seconds
  oldest_message_age_alarm_seconds = var.work_queue.oldest_message_age_alarm_seconds

  alarm_topic_arn = local.alerts_topic_arn
  tags            = local.tags
}

# Where failed notifications end up: events EventBridge could not deliver to the notifier (the
# rule target's dead-letter queue) and events the notifier failed on after Lambda's retries (its
# on-failure destination). Lambda sends with the notifier's role; EventBridge needs the policy.
module "notification_failures" {
  source = "../../modules/sqs-queue"

  name                      = "${local.name}-notification-failures"
  kms_key_arn               = module.key.key_arn
  message_retention_seconds = 1209600
  producers = {
    EventBridgeRule = {
      principal_type = "Service"
      identifiers    = ["events.amazonaws.com"]
      source_arns    = [local.order_placed_rule_arn]
    }
  }

  receives_failures = true # the notifier target's DLQ and the notifier's on-failure destination
  alarm_topic_arn   = local.alerts_topic_arn
  tags              = local.tags
}

# --- Cost ------------------------------------------------------------------------------------------

module "budget" {
  source = "../../modules/budget-alerts"

  name         = local.service
  environment  = var.environment
  limit_amount = var.budget.monthly_limit_usd
  # Counts what this environment of the service costs (the tags must be activated as cost
  # allocation tags in the payer account).
  cost_filter_tags      = { service = [local.service], environment = [var.environment] }
  actual_thresholds     = var.budget.actual_alert_percentages
  forecasted_thresholds = var.budget.forecasted_alert_percentages
  subscriber_emails     = var.budget.email_subscribers

  tags = local.tags
}
