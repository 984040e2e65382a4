data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "sns" }
data "aws_caller_identity" "current" {}

locals {
  suffix     = var.fifo_topic ? ".fifo" : ""
  topic_name = "${var.name}${local.suffix}"
  account_id = data.aws_caller_identity.current.account_id
  # Built from the name so the topic ARN, its policy and the dead-letter queue policies are known
  # at plan time: reviewers read them in `terraform plan` and the gate judges them before apply.
  topic_arn     = "arn:${data.aws_partition.current.partition}:sns:${data.aws_service.current.region}:${local.account_id}:${local.topic_name}"
  sqs_arn       = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_service.current.region}:${local.account_id}"
  sns_principal = "sns.${data.aws_partition.current.dns_suffix}"

  dead_letter_queues = {
    for key, subscription in var.subscriptions : key => {
      name = "${var.name}-${key}-dlq${local.suffix}"
      arn  = "${local.sqs_arn}:${var.name}-${key}-dlq${local.suffix}"
    } if subscription.dead_letter_queue
  }

  # Only the scopes that are set: an empty condition operator is noise in the policy.
  publisher_conditions = {
    for key, publisher in var.publishers : key => { for operator, condition in {
      ArnLike      = { "aws:SourceArn" = publisher.source_arns }
      StringEquals = { "aws:SourceAccount" = publisher.source_accounts }
    } : operator => condition if length(values(condition)[0]) > 0 }
  }

  publisher_statements = [
    for key, publisher in var.publishers : {
      Sid       = "Publish${key}"
      Effect    = "Allow"
      Principal = { Service = publisher.service }
      Action    = "sns:Publish"
      Resource  = local.topic_arn
      Condition = local.publisher_conditions[key]
    }
  ]
}

resource "aws_sns_topic" "this" {
  name                        = local.topic_name
  fifo_topic                  = var.fifo_topic
  content_based_deduplication = var.content_based_deduplication
  kms_master_key_id           = var.kms_key_arn
  # SHA256 signatures on deliveries to https and e-mail endpoints (version 1 is SHA1).
  signature_version = 2

  # Inline rather than aws_sns_topic_policy: the topic never exists with the default policy,
  # which lets every principal of the account subscribe and publish.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["sns:Publish", "sns:Subscribe"]
        Resource  = local.topic_arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
      local.publisher_statements,
    )
  })

  tags = var.tags

  lifecycle {
    # Rules across several inputs are preconditions (not variable validations) so the module
    # keeps working where validations may not reference other variables (terraform < 1.9). Rules
    # about subscriptions sit on the subscription_arns output instead: the topic must not depend
    # on the subscriptions, whose endpoints (a subscribed queue) often depend on the topic.
    precondition {
      condition     = var.fifo_topic || !var.content_based_deduplication
      error_message = "content_based_deduplication applies to FIFO topics only: set fifo_topic = true or leave it false."
    }
  }
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.dead_letter_queues

  name                              = each.value.name
  fifo_queue                        = var.fifo_topic
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  message_retention_seconds         = var.dead_letter_queue_retention_seconds
  receive_wait_time_seconds         = 20

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = each.value.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        # Only this topic's undeliverable messages, through SNS.
        Sid       = "TopicDeadLetters"
        Effect    = "Allow"
        Principal = { Service = local.sns_principal }
        Action    = "sqs:SendMessage"
        Resource  = each.value.arn
        Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arn } }
      },
    ]
  })

  tags = var.tags
}

resource "aws_sns_topic_subscription" "this" {
  for_each = var.subscriptions

  topic_arn             = aws_sns_topic.this.arn
  protocol              = each.value.protocol
  endpoint              = each.value.endpoint
  filter_policy         = each.value.filter_policy
  filter_policy_scope   = each.value.filter_policy == null ? null : each.value.filter_policy_scope
  raw_message_delivery  = each.value.raw_message_delivery
  subscription_role_arn = each.value.subscription_role_arn

  redrive_policy = each.value.dead_letter_queue ? jsonencode({ deadLetterTargetArn = local.dead_letter_queues[each.key].arn }) : null

  # SNS checks that the dead-letter queue exists when the redrive policy is set.
  depends_on = [aws_sqs_queue.dead_letter]
}
