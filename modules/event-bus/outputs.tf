output "bus_name" {
  description = "Name of the event bus."
  value       = aws_cloudwatch_event_bus.this.name
}

output "bus_arn" {
  description = "ARN of the event bus, built from its name: known at plan time."
  value       = local.bus_arn
  # The value is known before the bus exists; consumers must still wait for it.
  depends_on = [aws_cloudwatch_event_bus.this]
}

output "grant_target" {
  description = "The bus as a lambda-function grant target: `grants = { events = { target = module.<this>.grant_target, access = \"put\" } }` grants events:PutEvents on the bus and kms:GenerateDataKey on its key through EventBridge."
  value = {
    type        = "event_bus"
    arn         = local.bus_arn
    kms_key_arn = var.kms_key_arn
    stream_arn  = null
  }
  depends_on = [aws_cloudwatch_event_bus.this]
}

output "archive_arn" {
  description = "ARN of the archive, or null without one."
  value       = one(aws_cloudwatch_event_archive.this[*].arn)
}

output "rule_arns" {
  description = "Rule key -> rule ARN, built from the names: known at plan time."
  value       = { for key, rule in aws_cloudwatch_event_rule.this : key => local.rule_arns[key] }
}

output "rule_names" {
  description = "Rule key -> rule name."
  value       = { for key, rule in aws_cloudwatch_event_rule.this : key => rule.name }
}

output "target_role_arn" {
  description = "ARN of the role EventBridge assumes for Step Functions and event bus targets, or null without such targets."
  value       = one(aws_iam_role.targets[*].arn)
}

output "alarm_arns" {
  description = "Alarm key (\"<rule>-failed-invocations\", \"<rule>-sent-to-dlq\") -> alarm ARN."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}

output "queue_policy_statements" {
  description = "SQS queue ARN -> the policy statement (JSON) that queue's policy must include so this module's rules can deliver to it, as a target or as a dead-letter queue. The module does not write queue policies: they belong to the queue's owner."
  value       = { for arn, statement in local.resource_policy_statements : arn => jsonencode(statement) if split(":", arn)[2] == "sqs" }
}

output "topic_policy_statements" {
  description = "SNS topic ARN -> the policy statement (JSON) that topic's policy must include so this module's rules can publish to it. The module does not write topic policies: they belong to the topic's owner."
  value       = { for arn, statement in local.resource_policy_statements : arn => jsonencode(statement) if split(":", arn)[2] == "sns" }
}

output "kms_key_policy_statements" {
  description = "Key policy statements (JSON list) the bus's KMS key must include so EventBridge can encrypt and decrypt this bus's events."
  value = jsonencode([{
    Sid       = "EventBridgeEncryptsBus${local.sid_suffix}"
    Effect    = "Allow"
    Principal = { Service = "events.amazonaws.com" }
    Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
    Resource  = "*"
    Condition = {
      StringEquals = {
        "aws:SourceAccount"                              = local.account_id
        "kms:EncryptionContext:aws:events:event-bus:arn" = local.bus_arn
      }
    }
  }])
}
