locals {
  # Empty rather than [null] without a topic: the precondition then gives the one clear message
  # instead of a "Null value found in list" per alarm.
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  alarms = var.alarms_enabled ? {
    oldest-message-age = {
      queue_name  = aws_sqs_queue.this.name
      metric_name = "ApproximateAgeOfOldestMessage"
      threshold   = var.oldest_message_age_alarm_seconds
      description = "The oldest message on ${local.queue_name} is at least ${var.oldest_message_age_alarm_seconds} s old: consumers are failing or falling behind."
    }
    dlq-messages-visible = {
      queue_name  = aws_sqs_queue.dlq.name
      metric_name = "ApproximateNumberOfMessagesVisible"
      threshold   = 1
      description = "${local.dlq_name} holds at least one message: a message failed ${var.max_receive_count} times on ${local.queue_name}."
    }
  } : {}

  # A queue that receives failures itself (an EventBridge or Scheduler target's DLQ, a Lambda
  # on-failure destination) needs the same depth alarm as its own DLQ: nothing consumes it.
  failure_alarms = var.alarms_enabled && var.receives_failures ? {
    messages-visible = {
      queue_name  = aws_sqs_queue.this.name
      metric_name = "ApproximateNumberOfMessagesVisible"
      threshold   = 1
      description = "${local.queue_name} holds at least one message: something it collects failures for failed."
    }
  } : {}
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = merge(local.alarms, local.failure_alarms)

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/SQS"
  metric_name         = each.value.metric_name
  dimensions          = { QueueName = each.value.queue_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = each.value.threshold
  # SQS stops publishing metrics for idle queues; no data means nothing is waiting.
  treat_missing_data = "notBreaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions

  tags = var.tags
}
