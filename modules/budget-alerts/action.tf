# Opt-in: when actual spend crosses the threshold, Budgets attaches a deny policy to the named
# roles, stopping the actions that make serverless spend grow (new functions, more concurrency,
# capacity changes) until someone detaches it. Off by default because it changes running systems.

locals {
  action_enabled = var.budget_action != null
}

resource "aws_iam_policy" "spend_freeze" {
  count = local.action_enabled ? 1 : 0

  name        = "${local.budget_name}-spend-freeze"
  description = "Applied by the ${local.budget_name} budget action: denies scaling serverless spend."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenySpendGrowth"
      Effect = "Deny"
      Action = concat([
        "lambda:CreateFunction",
        "lambda:PutFunctionConcurrency",
        "lambda:PutProvisionedConcurrencyConfig",
        "dynamodb:UpdateTable",
        "application-autoscaling:RegisterScalableTarget",
      ], try(var.budget_action.extra_denied_actions, []))
      Resource = "*"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role" "budget_action" {
  count = local.action_enabled ? 1 : 0

  name = "${local.budget_name}-budget-action"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "budgets.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "budget_action" {
  count = local.action_enabled ? 1 : 0

  name = "attach-spend-freeze-only"
  role = aws_iam_role.budget_action[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "AttachOnlyTheFreezePolicy"
      Effect   = "Allow"
      Action   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
      Resource = [for role in var.budget_action.role_names : "arn:${local.partition}:iam::${local.account_id}:role/${role}"]
      Condition = {
        ArnEquals = { "iam:PolicyARN" = aws_iam_policy.spend_freeze[0].arn }
      }
    }]
  })
}

resource "aws_budgets_budget_action" "spend_freeze" {
  count = local.action_enabled ? 1 : 0

  budget_name        = aws_budgets_budget.this.name
  action_type        = "APPLY_IAM_POLICY"
  approval_model     = var.budget_action.approval_model
  notification_type  = "ACTUAL"
  execution_role_arn = aws_iam_role.budget_action[0].arn

  action_threshold {
    action_threshold_type  = "PERCENTAGE"
    action_threshold_value = var.budget_action.threshold_percentage
  }

  definition {
    iam_action_definition {
      policy_arn = aws_iam_policy.spend_freeze[0].arn
      roles      = var.budget_action.role_names
    }
  }

  subscriber {
    subscription_type = "SNS"
    address           = aws_sns_topic.alerts.arn
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.budget_action]
}
