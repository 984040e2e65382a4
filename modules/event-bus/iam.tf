# One role for the targets EventBridge reaches through IAM (Step Functions, other buses): only
# this module's rules may assume it, and it may only start/put on exactly those targets.
resource "aws_iam_role" "targets" {
  count = length(local.role_targets) > 0 ? 1 : 0

  name        = "${var.name}-targets"
  description = "EventBridge rules of ${var.name} deliver to Step Functions and event bus targets."
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnEquals    = { "aws:SourceArn" = local.role_rule_arns }
      }
    }]
  })
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "targets" {
  count = length(local.role_targets) > 0 ? 1 : 0

  name = "deliver-to-targets"
  role = aws_iam_role.targets[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for kind, grant in {
      sfn       = { sid = "StartStateMachines", action = "states:StartExecution" }
      event_bus = { sid = "PutEventsOnBuses", action = "events:PutEvents" }
      } : {
      Sid      = grant.sid
      Effect   = "Allow"
      Action   = grant.action
      Resource = distinct([for target in values(local.role_targets) : target.arn if target.kind == kind])
    } if contains([for target in values(local.role_targets) : target.kind], kind)]
  })
}
