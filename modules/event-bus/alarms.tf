locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message
  # instead of a "Null value found in list" per alarm.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  alarm_metrics = {
    failed-invocations = {
      metric_name = "FailedInvocations"
      description = "could not deliver an event to a target (after retries)"
    }
    sent-to-dlq = {
      metric_name = "InvocationsSentToDlq"
      description = "sent an event to a dead-letter queue"
    }
  }
  alarms = var.alarms_enabled ? merge([for rule_key, rule in local.rules : {
    for metric_key, metric in local.alarm_metrics : "${rule_key}-${metric_key}" => merge(metric, {
      rule_name = rule.name
      # Metrics of rules on a custom bus carry the bus name as a second dimension.
      dimensions = rule.bus_name == "default" ? { RuleName = rule.name } : { EventBusName = rule.bus_name, RuleName = rule.name }
    })
  }]...) : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "Rule ${each.value.rule_name} ${each.value.description}."
  namespace           = "AWS/Events"
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  # EventBridge publishes these metrics only when something failed.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}
