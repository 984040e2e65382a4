locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  alarms = var.alarms_enabled ? {
    executions-failed = {
      metric_name = "ExecutionsFailed"
      description = "An execution of ${var.name} failed."
    }
    executions-timed-out = {
      metric_name = "ExecutionsTimedOut"
      description = "An execution of ${var.name} timed out."
    }
    executions-throttled = {
      metric_name = "ExecutionThrottled"
      description = "Starting or running ${var.name} was throttled: executions are delayed or refused."
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/States"
  metric_name         = each.value.metric_name
  dimensions          = { StateMachineArn = local.state_machine_arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  # No executions publish no data points; an idle state machine is healthy.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}
