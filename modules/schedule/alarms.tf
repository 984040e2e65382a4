locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  # Scheduler publishes its metrics per schedule group, not per schedule: in a shared group these
  # alarms fire for any of its schedules (give critical schedules their own group).
  alarms = var.alarms_enabled ? {
    target-errors = {
      metric_name = "TargetErrorCount"
      description = "A target invocation of schedule group ${local.group_name} (schedule ${var.name}) failed; Scheduler retries it up to ${var.retry_policy.maximum_retry_attempts} times."
    }
    dead-lettered = {
      metric_name = "InvocationsSentToDeadLetterCount"
      description = "Schedule group ${local.group_name} (schedule ${var.name}) gave up on an invocation and sent it to the dead-letter queue: a scheduled run did not happen."
    }
    dead-letter-failed = {
      metric_name = "InvocationsFailedToBeSentToDeadLetterCount"
      description = "Schedule group ${local.group_name} (schedule ${var.name}) could not send a failed invocation to its dead-letter queue: the run is lost (check the role and the queue's key)."
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/Scheduler"
  metric_name         = each.value.metric_name
  dimensions          = { ScheduleGroup = local.group_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  # A schedule that did not run in the window publishes no data points; that is healthy.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}
