# Safe rollouts: CodeDeploy shifts the "live" alias to a new version step by step and rolls back
# when the errors alarm fires. Terraform creates the application, the traffic-shifting config and
# the deployment group; each deployment is started with the codedeploy_appspec output.

locals {
  codedeploy_shape = local.codedeploy ? (
    var.codedeploy.strategy == "all_at_once" ? "all_at_once" : "${var.codedeploy.strategy}/${var.codedeploy.percentage}/${var.codedeploy.interval_minutes}"
  ) : null
  # Shapes AWS predefines are used by name; any other shape gets its own deployment config.
  codedeploy_predefined_configs = {
    "canary/10/5"  = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    "canary/10/10" = "CodeDeployDefault.LambdaCanary10Percent10Minutes"
    "canary/10/15" = "CodeDeployDefault.LambdaCanary10Percent15Minutes"
    "canary/10/30" = "CodeDeployDefault.LambdaCanary10Percent30Minutes"
    "linear/10/1"  = "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"
    "linear/10/2"  = "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes"
    "linear/10/3"  = "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes"
    "linear/10/10" = "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes"
    "all_at_once"  = "CodeDeployDefault.LambdaAllAtOnce"
  }
  codedeploy_custom_config = local.codedeploy && !contains(keys(local.codedeploy_predefined_configs), coalesce(local.codedeploy_shape, "none"))
  codedeploy_config_name = local.codedeploy ? lookup(
    local.codedeploy_predefined_configs, local.codedeploy_shape,
    "${var.name}-${var.codedeploy.strategy}-${var.codedeploy.percentage}pct-${var.codedeploy.interval_minutes}min"
  ) : null
  codedeploy_traffic_types = {
    canary = "TimeBasedCanary"
    linear = "TimeBasedLinear"
  }
}

resource "aws_codedeploy_app" "this" {
  count = local.codedeploy ? 1 : 0

  name             = var.name
  compute_platform = "Lambda"

  tags = var.tags
}

resource "aws_codedeploy_deployment_config" "this" {
  count = local.codedeploy_custom_config ? 1 : 0

  deployment_config_name = local.codedeploy_config_name
  compute_platform       = "Lambda"

  traffic_routing_config {
    type = local.codedeploy_traffic_types[var.codedeploy.strategy]

    dynamic "time_based_canary" {
      for_each = var.codedeploy.strategy == "canary" ? [var.codedeploy] : []
      content {
        percentage = time_based_canary.value.percentage
        interval   = time_based_canary.value.interval_minutes
      }
    }

    dynamic "time_based_linear" {
      for_each = var.codedeploy.strategy == "linear" ? [var.codedeploy] : []
      content {
        percentage = time_based_linear.value.percentage
        interval   = time_based_linear.value.interval_minutes
      }
    }
  }
}

resource "aws_codedeploy_deployment_group" "this" {
  count = local.codedeploy ? 1 : 0

  app_name               = aws_codedeploy_app.this[0].name
  deployment_group_name  = var.name
  service_role_arn       = aws_iam_role.codedeploy[0].arn
  deployment_config_name = local.codedeploy_custom_config ? aws_codedeploy_deployment_config.this[0].deployment_config_name : local.codedeploy_config_name

  deployment_style {
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }

  alarm_configuration {
    enabled = true
    alarms  = ["${var.name}-errors"]
  }

  tags = var.tags

  # The alarm is named, not referenced, so a plan with alarms disabled still reaches the
  # precondition that explains why CodeDeploy needs them.
  depends_on = [aws_iam_role_policy.codedeploy, aws_cloudwatch_metric_alarm.this]
}

resource "aws_iam_role" "codedeploy" {
  count = local.codedeploy ? 1 : 0

  name                 = "${var.name}-deploy"
  description          = "CodeDeploy service role that shifts the live alias of ${var.name}."
  assume_role_policy   = local.assume_role_policies.codedeploy
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

# Instead of the AWS managed AWSCodeDeployRoleForLambdaLimited (alias and alarm actions on "*"):
# this function's alias and the rollback alarm only.
resource "aws_iam_role_policy" "codedeploy" {
  count = local.codedeploy ? 1 : 0

  name = "shift-live-alias"
  role = aws_iam_role.codedeploy[0].name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ShiftAlias"
        Effect   = "Allow"
        Action   = ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"]
        Resource = [local.function_arn, "${local.function_arn}:${local.alias_name}"]
      },
      {
        Sid      = "ReadRollbackAlarm"
        Effect   = "Allow"
        Action   = ["cloudwatch:DescribeAlarms"]
        Resource = ["arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:alarm:${var.name}-errors"]
      },
    ]
  })
}
