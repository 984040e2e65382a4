# Shared by every service: the permissions boundary, the alerts topic and its key, the cost budget,
# and one deliberate root-level fault (an operations role granted dynamodb:* through jsonencode).
# local.services (name => deliberate fault, "" when compliant, memory and owner) and local.ops_service come from
# services.tf, which bench/generate.py writes.

resource "aws_iam_policy" "boundary" {
  name = "workload-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:*", "dynamodb:*", "logs:*", "kms:Decrypt", "kms:GenerateDataKey", "xray:*", "events:PutEvents"]
      Resource = "*"
    }]
  })
}

resource "aws_kms_key" "alerts" {
  description         = "alerts topic"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "AlarmsAndBudgets", Effect = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
      },
    ]
  })
}

resource "aws_sns_topic" "alerts" {
  name              = "platform-alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AlarmsAndBudgets", Effect = "Allow"
      Principal = { Service = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }
      Action    = "sns:Publish", Resource = "*"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account } }
    }]
  })
}

resource "aws_budgets_budget" "monthly" {
  name         = "platform-monthly"
  budget_type  = "COST"
  limit_amount = "5000"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
  notification {
    comparison_operator       = "GREATER_THAN"
    notification_type         = "ACTUAL"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }
  notification {
    comparison_operator        = "GREATER_THAN"
    notification_type          = "FORECASTED"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    subscriber_email_addresses = ["platform-team@example.com"]
  }
}

module "service" {
  source          = "./modules/service"
  for_each        = local.services
  name            = each.key
  fault           = each.value.fault
  memory          = each.value.memory
  owner           = each.value.owner
  account         = local.account
  region          = local.region
  boundary_arn    = aws_iam_policy.boundary.arn
  alarm_topic_arn = aws_sns_topic.alerts.arn
}

resource "aws_iam_role" "ops" {
  name                 = "platform-ops"
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${local.account}:root" } }]
  })
}

# Deliberate fault (SLS-IAM-001): a service-wide wildcard, unknown in the plan because the table ARN is.
resource "aws_iam_role_policy" "ops" {
  name = "table-operations"
  role = aws_iam_role.ops.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = module.service[local.ops_service].table_arn }]
  })
}
