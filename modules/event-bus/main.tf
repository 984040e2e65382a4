data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "events" }
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  events_arn = "arn:${local.partition}:events:${data.aws_service.current.region}:${local.account_id}"
  bus_arn    = "${local.events_arn}:event-bus/${var.name}"

  # EventBridge runs scheduled rules on the default bus only.
  rules = { for key, rule in var.rules : key => merge(rule, {
    name     = "${var.name}-${key}"
    bus_name = rule.schedule_expression == null ? var.name : "default"
  }) }
  # Rule ARNs from names (custom-bus rules carry the bus name) so that every policy that names
  # them is known at plan time.
  rule_arns = { for key, rule in local.rules : key => (
    rule.bus_name == "default" ? "${local.events_arn}:rule/${rule.name}" : "${local.events_arn}:rule/${rule.bus_name}/${rule.name}"
  ) }

  # Target names are unique per rule, not across rules: "<rule>/<target>".
  targets = merge([for rule_key, rule in var.rules : {
    for target_key, target in rule.targets : "${rule_key}/${target_key}" => merge(target, {
      rule_key   = rule_key
      target_key = target_key
    })
  }]...)

  # Step Functions and other buses are reached through a role; Lambda, SQS and SNS through
  # resource policies on the target.
  role_targets   = { for key, target in local.targets : key => target if contains(["sfn", "event_bus"], target.kind) }
  role_rule_arns = distinct([for target in values(local.role_targets) : local.rule_arns[target.rule_key]])
}

locals {
  publisher_statements = {
    account = {
      Sid       = "PublishFromThisAccount"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "events:PutEvents"
      Resource  = local.bus_arn
    }
    organization = {
      Sid       = "PublishFromOrganization"
      Effect    = "Allow"
      Principal = "*"
      Action    = "events:PutEvents"
      Resource  = local.bus_arn
      Condition = { StringEquals = { "aws:PrincipalOrgID" = var.publisher_organization_id } }
    }
  }
}

resource "aws_cloudwatch_event_bus" "this" {
  name               = var.name
  description        = var.description
  kms_key_identifier = var.kms_key_arn
  tags               = var.tags
}

resource "aws_cloudwatch_event_bus_policy" "this" {
  event_bus_name = aws_cloudwatch_event_bus.this.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.publisher_statements[var.publisher_organization_id == null ? "account" : "organization"]]
  })
}

resource "aws_cloudwatch_event_archive" "this" {
  count = var.archive == null ? 0 : 1

  name             = var.name
  description      = "Replayable copy of the events on ${var.name}."
  event_source_arn = aws_cloudwatch_event_bus.this.arn
  event_pattern    = var.archive.event_pattern
  retention_days   = var.archive.retention_days
}

resource "aws_cloudwatch_event_rule" "this" {
  for_each = local.rules

  name                = each.value.name
  description         = each.value.description
  event_bus_name      = each.value.bus_name == "default" ? "default" : aws_cloudwatch_event_bus.this.name
  event_pattern       = each.value.event_pattern
  schedule_expression = each.value.schedule_expression
  state               = each.value.enabled ? "ENABLED" : "DISABLED"
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run rules without alarms)."
    }
  }
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = local.targets

  rule           = aws_cloudwatch_event_rule.this[each.value.rule_key].name
  event_bus_name = aws_cloudwatch_event_rule.this[each.value.rule_key].event_bus_name
  target_id      = each.value.target_key
  arn            = each.value.arn
  role_arn       = contains(["sfn", "event_bus"], each.value.kind) ? aws_iam_role.targets[0].arn : null

  dead_letter_config {
    arn = each.value.dead_letter_arn
  }

  retry_policy {
    maximum_retry_attempts       = each.value.retry_policy.maximum_retry_attempts
    maximum_event_age_in_seconds = each.value.retry_policy.maximum_event_age_in_seconds
  }

  dynamic "input_transformer" {
    for_each = each.value.input_transformer == null ? [] : [each.value.input_transformer]
    content {
      input_paths    = input_transformer.value.input_paths
      input_template = input_transformer.value.input_template
    }
  }

  dynamic "sqs_target" {
    for_each = each.value.message_group_id == null ? [] : [each.value.message_group_id]
    content {
      message_group_id = sqs_target.value
    }
  }
}

# Lambda targets fire only when the function's resource policy lets this rule invoke it.
resource "aws_lambda_permission" "targets" {
  for_each = { for key, target in local.targets : key => target if target.kind == "lambda" }

  statement_id  = "${local.rules[each.value.rule_key].name}-${each.value.target_key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.arn
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this[each.value.rule_key].arn
}

locals {
  # The name holds letters, digits, "_" and "-" only (validated); statement ids take neither.
  sid_suffix = replace(replace(var.name, "-", ""), "_", "")
  # Every SQS/SNS resource a rule sends to (targets and dead-letter queues), with the rules that
  # send to it: one statement per resource, scoped to exactly those rule ARNs.
  deliveries = distinct(flatten([for target in values(local.targets) : concat(
    contains(["sqs", "sns"], target.kind) ? [{ arn = target.arn, rule = target.rule_key }] : [],
    [{ arn = target.dead_letter_arn, rule = target.rule_key }],
  )]))
  resource_policy_statements = { for arn, rules in { for delivery in local.deliveries : delivery.arn => delivery.rule... } : arn => {
    Sid       = "EventBridgeRulesOf${local.sid_suffix}"
    Effect    = "Allow"
    Principal = { Service = "events.amazonaws.com" }
    Action    = split(":", arn)[2] == "sns" ? "sns:Publish" : "sqs:SendMessage"
    Resource  = arn
    Condition = { ArnEquals = { "aws:SourceArn" = sort(distinct([for rule in rules : local.rule_arns[rule]])) } }
  } }
}
