locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message
  # instead of a "Null value found in list" per alarm.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  # Read and write throttle events of the table and of every GSI (an index throttles on its own).
  throttle_targets = merge(
    { "" = { TableName = var.name } },
    { for name in keys(var.global_secondary_indexes) : "index-${name}-" => { TableName = var.name, GlobalSecondaryIndexName = name } },
  )
  throttle_alarms = var.alarms_enabled ? {
    for pair in setproduct(keys(local.throttle_targets), ["Read", "Write"]) : "${pair[0]}${lower(pair[1])}-throttle-events" => {
      metric_name = "${pair[1]}ThrottleEvents"
      dimensions  = local.throttle_targets[pair[0]]
    }
  } : {}

  # SystemErrors is only published per operation; the alarm sums the data-plane operations.
  system_error_operations = [
    "GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
    "TransactGetItems", "TransactWriteItems",
  ]
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  for_each = local.throttle_alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "${each.value.metric_name} on ${join("/", values(each.value.dimensions))}: requests are being throttled (capacity, hot keys or the on-demand limits)."
  namespace           = "AWS/DynamoDB"
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.throttle_alarm_threshold
  # DynamoDB publishes throttle metrics only when something is throttled.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "system_errors" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.name}-system-errors"
  alarm_description   = "DynamoDB returned HTTP 500 errors for ${var.name}: requests failed on the service side."
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "errors"
    expression  = "SUM(METRICS())"
    label       = "SystemErrors (all operations)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.system_error_operations
    content {
      id = lower(metric_query.value)
      metric {
        namespace   = "AWS/DynamoDB"
        metric_name = "SystemErrors"
        dimensions  = { TableName = var.name, Operation = metric_query.value }
        period      = 300
        stat        = "Sum"
      }
    }
  }

  tags = var.tags
}
