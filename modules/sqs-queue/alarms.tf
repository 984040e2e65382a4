locals {
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
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

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
  alarm_actions      = [var.alarm_topic_arn]
  ok_actions         = [var.alarm_topic_arn]

  tags = var.tags
}
