# The work queue and its dead-letter queue, encrypted with the service key, each with a policy that
# denies plain-text transport and lets EventBridge deliver (the work queue only from its rule).
# The DLQ policy is known at plan time and may use a local; the work queue's is unknown (it names
# the rule's ARN), so its statements are written out: the gate recovers them from this source.

variable "name" { type = string }
variable "account" { type = string }
variable "key_arn" { type = string }
variable "source_rule_arn" { type = string }
variable "visibility_timeout" { type = number }

output "work_arn" { value = aws_sqs_queue.work.arn }
output "dlq_arn" { value = aws_sqs_queue.dlq.arn }
output "dlq_name" { value = aws_sqs_queue.dlq.name }

locals {
  deny_insecure_transport = {
    Sid       = "DenyInsecureTransport", Effect = "Deny", Principal = "*", Action = "sqs:*", Resource = "*"
    Condition = { Bool = { "aws:SecureTransport" = "false" } }
  }
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-dlq"
  kms_master_key_id         = var.key_arn
  message_retention_seconds = 1209600
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.deny_insecure_transport,
      {
        Sid       = "EventBridgeDeadLetters", Effect = "Allow", Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage", Resource = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = var.account } }
      },
    ]
  })
}

resource "aws_sqs_queue" "work" {
  name                       = "${var.name}-work"
  kms_master_key_id          = var.key_arn
  visibility_timeout_seconds = var.visibility_timeout
  message_retention_seconds  = 345600
  redrive_policy             = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport", Effect = "Deny", Principal = "*", Action = "sqs:*", Resource = "*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "EventBridge", Effect = "Allow", Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage", Resource = "*"
        Condition = { ArnEquals = { "aws:SourceArn" = var.source_rule_arn } }
      },
    ]
  })
}
