locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message
  # instead of a "Null value found in list" per alarm.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  duration_threshold_ms    = coalesce(var.duration_alarm_threshold_ms, var.timeout * 1000 * 0.8)
  concurrency_threshold    = max(1, ceil(var.reserved_concurrency * var.concurrency_alarm_percent / 100))
  function_name_dimensions = { FunctionName = var.name }

  alarms = var.alarms_enabled ? {
    errors = {
      metric_name        = "Errors"
      statistic          = "Sum"
      extended_statistic = null
      period             = 60
      threshold          = var.errors_alarm_threshold
      description        = "${var.name} had at least ${var.errors_alarm_threshold} failed invocation(s) in a minute. Also rolls back a running CodeDeploy deployment."
    }
    throttles = {
      metric_name        = "Throttles"
      statistic          = "Sum"
      extended_statistic = null
      period             = 60
      threshold          = 1
      description        = "${var.name} was throttled: invocations hit the reserved concurrency of ${var.reserved_concurrency}."
    }
    duration-p99 = {
      metric_name        = "Duration"
      statistic          = null
      extended_statistic = "p99"
      period             = 300
      threshold          = local.duration_threshold_ms
      description        = "p99 duration of ${var.name} reached ${local.duration_threshold_ms} ms of its ${var.timeout} s timeout: invocations are close to timing out."
    }
    concurrent-executions = {
      metric_name        = "ConcurrentExecutions"
      statistic          = "Maximum"
      extended_statistic = null
      period             = 60
      threshold          = local.concurrency_threshold
      description        = "${var.name} ran ${local.concurrency_threshold} or more concurrent executions, ${var.concurrency_alarm_percent}% of its reserved ${var.reserved_concurrency}: throttling is near."
    }
  } : {}

  # Lambda publishes IteratorAge only for stream sources: the age of the last record of each batch.
  stream_alarms = var.alarms_enabled && length(var.stream_event_sources) > 0 ? {
    iterator-age = {
      metric_name        = "IteratorAge"
      statistic          = "Maximum"
      extended_statistic = null
      period             = 60
      threshold          = var.iterator_age_alarm_threshold_ms
      description        = "${var.name} read stream records ${var.iterator_age_alarm_threshold_ms} ms old or older: it is falling behind its stream and records near maximum_record_age_in_seconds are sent to the on-failure destination unprocessed."
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = merge(local.alarms, local.stream_alarms)

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric_name
  dimensions          = local.function_name_dimensions
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  period              = each.value.period
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = each.value.threshold
  # No invocations publish no data points; an idle function is healthy.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}
