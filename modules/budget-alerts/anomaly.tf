resource "aws_ce_anomaly_monitor" "this" {
  count = var.anomaly_detection.enabled ? 1 : 0

  name              = "${local.budget_name}-services"
  monitor_type      = "DIMENSIONAL"
  monitor_dimension = "SERVICE"

  tags = var.tags
}

resource "aws_ce_anomaly_subscription" "this" {
  count = var.anomaly_detection.enabled ? 1 : 0

  name             = "${local.budget_name}-anomalies"
  frequency        = "IMMEDIATE" # SNS subscribers require immediate alerts
  monitor_arn_list = [aws_ce_anomaly_monitor.this[0].arn]

  subscriber {
    type    = "SNS"
    address = aws_sns_topic.alerts.arn
  }

  threshold_expression {
    dimension {
      key           = "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
      match_options = ["GREATER_THAN_OR_EQUAL"]
      values        = [format("%.2f", var.anomaly_detection.impact_threshold)]
    }
  }

  tags = var.tags

  depends_on = [aws_sns_topic_policy.alerts]
}
