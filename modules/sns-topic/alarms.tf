locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message
  # instead of a "Null value found in list" per alarm.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  for_each = var.alarms_enabled ? local.dead_letter_queues : {}

  alarm_name          = "${var.name}-${each.key}-dlq-messages-visible"
  alarm_description   = "${each.value.name} holds at least one message: SNS could not deliver to the ${each.key} subscription of ${local.topic_name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter[each.key].name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  # SQS stops publishing metrics for idle queues; no data means nothing failed.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}
