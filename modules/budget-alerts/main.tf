data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "sns" }
data "aws_caller_identity" "current" {}

locals {
  budget_name = "${var.name}-${var.environment}-monthly"
  topic_name  = "${local.budget_name}-alerts"
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition
  # The topic's ARN from its name: known at plan, so the topic policy is complete in the plan and
  # the gate judges it before apply (aws_sns_topic.alerts.arn exists only after apply).
  topic_arn = "arn:${local.partition}:sns:${data.aws_service.current.region}:${local.account_id}:${local.topic_name}"

  # Budgets publishes for this account only (confused-deputy guard); Cost Anomaly Detection is
  # allowed as well only when the module creates an anomaly subscription. Each publisher is
  # written out statement by statement, with literal principals and actions, for the topic and
  # for the key.
  budgets_publish = {
    Sid       = "BudgetsPublishForThisAccount"
    Effect    = "Allow"
    Principal = { Service = "budgets.amazonaws.com" }
    Action    = "sns:Publish"
    Resource  = local.topic_arn
    Condition = {
      StringEquals = { "aws:SourceAccount" = local.account_id }
      ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:budgets::${local.account_id}:*" }
    }
  }
  anomaly_detection_publish = {
    Sid       = "CostAnomalyDetectionPublishForThisAccount"
    Effect    = "Allow"
    Principal = { Service = "costalerts.amazonaws.com" }
    Action    = "sns:Publish"
    Resource  = local.topic_arn
    Condition = {
      StringEquals = { "aws:SourceAccount" = local.account_id }
      ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ce::${local.account_id}:anomalysubscription/*" }
    }
  }
  budgets_encrypt = {
    Sid       = "BudgetsPublishForThisAccountEncrypts"
    Effect    = "Allow"
    Principal = { Service = "budgets.amazonaws.com" }
    Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
    Resource  = "*"
    Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
  }
  anomaly_detection_encrypt = {
    Sid       = "CostAnomalyDetectionPublishForThisAccountEncrypts"
    Effect    = "Allow"
    Principal = { Service = "costalerts.amazonaws.com" }
    Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
    Resource  = "*"
    Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
  }

  notifications = concat(
    [for threshold in var.actual_thresholds : { type = "ACTUAL", threshold = threshold }],
    [for threshold in var.forecasted_thresholds : { type = "FORECASTED", threshold = threshold }],
  )
}

resource "aws_kms_key" "alerts" {
  description             = "${local.budget_name} budget alert topic"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      }],
      [local.budgets_encrypt],
      var.anomaly_detection.enabled ? [local.anomaly_detection_encrypt] : [],
    )
  })

  tags = var.tags
}

resource "aws_kms_alias" "alerts" {
  name          = "alias/${local.budget_name}-alerts"
  target_key_id = aws_kms_key.alerts.key_id
}

resource "aws_sns_topic" "alerts" {
  name              = local.topic_name
  kms_master_key_id = aws_kms_key.alerts.arn

  tags = var.tags
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [local.budgets_publish],
      var.anomaly_detection.enabled ? [local.anomaly_detection_publish] : [],
    )
  })
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.topic_email_subscriptions)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_budgets_budget" "this" {
  name         = local.budget_name
  budget_type  = "COST"
  limit_amount = format("%.2f", var.limit_amount)
  limit_unit   = var.limit_unit
  time_unit    = "MONTHLY"

  dynamic "cost_filter" {
    for_each = length(var.cost_filter_tags) > 0 ? [1] : []
    content {
      name   = "TagKeyValue"
      values = sort(flatten([for key, values in var.cost_filter_tags : [for value in values : format("user:%s$%s", key, value)]]))
    }
  }

  dynamic "notification" {
    for_each = local.notifications
    content {
      notification_type          = notification.value.type
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      subscriber_email_addresses = var.subscriber_emails
      subscriber_sns_topic_arns  = [aws_sns_topic.alerts.arn]
    }
  }

  tags = var.tags

  # Budgets checks the topic policy when the notification is created.
  depends_on = [aws_sns_topic_policy.alerts]
}
