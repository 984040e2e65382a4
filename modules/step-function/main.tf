data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "states" }
data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_service.current.region
  partition  = data.aws_partition.current.partition
  # Built from the name, so the role policy and the alarms are known at plan time.
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${var.name}"
  log_group_name    = "/aws/vendedlogs/states/${var.name}"

  # What the definition names: function, state machine and event bus ARNs, and SQS queue URLs
  # (SendMessage takes a QueueUrl) turned into queue ARNs. Service integration ARNs such as
  # arn:aws:states:::lambda:invoke have no region or account and are not matched.
  referenced_arns = distinct(concat(
    regexall("arn:aws[a-zA-Z-]*:(?:lambda|states|events):[a-z0-9-]+:[0-9]{12}:(?:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?|stateMachine:[A-Za-z0-9_-]+|event-bus/[A-Za-z0-9._-]+)", var.definition),
    [for url in regexall("https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com/([0-9]{12})/([A-Za-z0-9_.-]+)", var.definition) : "arn:${local.partition}:sqs:${url[0]}:${url[1]}:${url[2]}"],
  ))
  ungranted_arns = [for arn in local.referenced_arns : arn if !contains([for grant in values(var.grants) : grant.arn], arn)]

  grant_actions = {
    lambda_function = ["lambda:InvokeFunction"]
    sqs_queue       = ["sqs:SendMessage"]
    event_bus       = ["events:PutEvents"]
    state_machine   = ["states:StartExecution"]
  }
  # What the target's service needs of its key, used through that service only.
  grant_key = {
    sqs_queue = { service = "sqs", actions = ["kms:GenerateDataKey", "kms:Decrypt"] }
    event_bus = { service = "events", actions = ["kms:GenerateDataKey"] }
  }

  grant_statements = flatten([
    for key, grant in var.grants : concat(
      [{
        Sid      = "Grant${key}"
        Effect   = "Allow"
        Action   = local.grant_actions[grant.type]
        Resource = [grant.arn]
      }],
      grant.kms_key_arn == null || !contains(keys(local.grant_key), grant.type) ? [] : [{
        Sid       = "Grant${key}Key"
        Effect    = "Allow"
        Action    = local.grant_key[grant.type].actions
        Resource  = [grant.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "${local.grant_key[grant.type].service}.${local.region}.${data.aws_partition.current.dns_suffix}" } }
      }],
    )
  ])

  policy_statements = concat(
    [
      {
        # Execution data is encrypted with the customer key; only for this state machine.
        Sid       = "StateMachineKey"
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = [var.kms_key_arn]
        Condition = { StringEquals = { "kms:EncryptionContext:aws:states:stateMachineArn" = local.state_machine_arn } }
      },
      {
        # Documented exception to "no * resource": CloudWatch Logs' vended-log delivery APIs have
        # no resource types, so IAM only accepts "*" for them.
        Sid      = "LogDelivery"
        Effect   = "Allow"
        Action   = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"]
        Resource = ["*"]
      },
    ],
    var.tracing_enabled ? [{
      # X-Ray's trace APIs have no resource types either.
      Sid      = "XRay"
      Effect   = "Allow"
      Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
      Resource = ["*"]
    }] : [],
    local.grant_statements,
  )

  # Trust policy as plain JSON so it is literal at plan time; only this account's state machines.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.${data.aws_partition.current.dns_suffix}" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-sfn"
  description          = "Role of the Step Functions state machine ${var.name}."
  assume_role_policy   = local.assume_role_policy
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "least-privilege"
  role = aws_iam_role.this.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.policy_statements
  })
}

resource "aws_sfn_state_machine" "this" {
  name       = var.name
  type       = var.type
  role_arn   = aws_iam_role.this.arn
  definition = var.definition

  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = var.kms_key_arn
    kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  }

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    level                  = var.log_level
    include_execution_data = var.include_execution_data
  }

  tracing_configuration {
    enabled = var.tracing_enabled
  }

  tags = var.tags

  # Step Functions checks the role's log delivery and key permissions when it creates the machine.
  depends_on = [aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = length(local.ungranted_arns) == 0
      error_message = "the definition names resources the grants do not cover (add a grant with their exact ARN): ${join(", ", local.ungranted_arns)}."
    }
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
  }
}
