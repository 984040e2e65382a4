# The orders bus: the worker publishes OrderPlaced (source "orders.service"), one rule hands each event to
# the notifier. EventBridge retries a failed delivery per the configured policy and then
# dead-letters it into the notification-failures queue; the notifier's own failures reach the same
# queue through its on-failure destination (functions.tf).

module "event_bus" {
  source = "../../modules/event-bus"

  name        = local.bus_name
  description = "orders ${var.environment}: order lifecycle events."
  kms_key_arn = module.key.key_arn
  archive     = var.event_bus.archive_retention_days == 0 ? null : { retention_days = var.event_bus.archive_retention_days }

  rules = {
    (local.order_placed_rule_key) = {
      description   = "Every OrderPlaced event of the orders service, to the notifier."
      event_pattern = jsonencode({ source = [local.order_events_source], "detail-type" = ["OrderPlaced"] })
      targets = {
        notifier = {
          kind            = "lambda"
          arn             = module.notifier_function.invoke_target_arn
          dead_letter_arn = local.notification_failures_arn
          retry_policy = {
            maximum_retry_attempts       = var.event_bus.notifier_retry_attempts
            maximum_event_age_in_seconds = var.event_bus.notifier_max_event_age_seconds
          }
        }
      }
    }
  }

  alarm_topic_arn = local.alerts_topic_arn
  tags            = local.tags
}
