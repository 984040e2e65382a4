locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message
  # instead of a "Null value found in list" per alarm.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  alarm_dimensions = { ApiName = aws_api_gateway_rest_api.this.name, Stage = aws_api_gateway_stage.this.stage_name }
}

resource "aws_cloudwatch_metric_alarm" "error_rate" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name        = "${var.name}-5xx-rate"
  alarm_description = "At least ${var.error_rate_alarm_percent}% of the requests to ${var.name} ended in a 5xx response over 5 minutes."
  namespace         = "AWS/ApiGateway"
  metric_name       = "5XXError"
  dimensions        = local.alarm_dimensions
  # The Average of 5XXError is the share of requests that failed (0-1).
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.error_rate_alarm_percent / 100
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "latency" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name          = "${var.name}-latency-p99"
  alarm_description   = "The p99 latency of ${var.name} reached ${var.latency_alarm_p99_ms} ms over 5 minutes."
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = local.alarm_dimensions
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.latency_alarm_p99_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}
