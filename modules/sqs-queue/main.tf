data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "sqs" }
data "aws_caller_identity" "current" {}

locals {
  suffix     = var.fifo_queue ? ".fifo" : ""
  queue_name = "${var.name}${local.suffix}"
  dlq_name   = "${var.name}-dlq${local.suffix}"

  # The source queue's redrive policy needs the DLQ ARN and the DLQ's redrive-allow policy needs
  # the source queue ARN. Building both ARNs from the names breaks that reference cycle and keeps
  # every policy known at plan time; the source queue still waits for the DLQ (depends_on),
  # because SQS rejects a redrive policy whose dead-letter target does not exist yet.
  arn_prefix = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}"
  queue_arn  = "${local.arn_prefix}:${local.queue_name}"
  dlq_arn    = "${local.arn_prefix}:${local.dlq_name}"

  deny_insecure_transport = {
    for name, arn in { queue = local.queue_arn, dlq = local.dlq_arn } : name => {
      Sid                    = "DenyInsecureTransport"
      Effect                 = "Deny"
      Principal              = "*"
      Action                 = "sqs:*"
      Resource               = arn
      Condition              = { Bool = { "aws:SecureTransport" = "false" } }
    }
  }

  principal_grants = merge(
    { for key, grant in var.producers : "Producer${key}" => merge(grant, { actions = ["sqs:SendMessage"] }) },
    { for key, grant in var.consumers : "Consumer${key}" => merge(grant, {
      actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    }) },
  )

  principal_statements = [
    for sid, grant in local.principal_grants : merge(
      {
        Sid       = sid
        Effect    = "Allow"
        Principal = { (grant.principal_type) = grant.identifiers }
        Action    = grant.actions
        Resource  = local.queue_arn
      },
      # Condition only when the grant is scoped; an empty Condition block is noise in the policy.
      { for key, conditions in {
        Condition = { for operator, condition in {
          ArnLike      = { "aws:SourceArn" = grant.source_arns }
          StringEquals = { "aws:SourceAccount" = grant.source_accounts }
        } : operator => condition if length(values(condition)[0]) > 0 }
      } : key => conditions if length(conditions) > 0 },
    )
  ]
}

resource "aws_sqs_queue" "this" {
  name                              = local.queue_name
  fifo_queue                        = var.fifo_queue
  content_based_deduplication       = var.content_based_deduplication
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  delay_seconds                     = var.delay_seconds
  max_message_size                  = var.max_message_size
  receive_wait_time_seconds         = var.receive_wait_time_seconds

  redrive_policy = jsonencode({
    deadLetterTargetArn = local.dlq_arn
    maxReceiveCount     = var.max_receive_count
  })

  # Inline rather than aws_sqs_queue_policy: one attribute write (and one propagation wait) less.
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat([local.deny_insecure_transport.queue], local.principal_statements)
  })

  tags = var.tags

  depends_on = [aws_sqs_queue.dlq]

  lifecycle {
    # Rules across several inputs live here (not in variable validations) to keep terraform 1.7
    # support; they fail the plan before anything is created.
    precondition {
      condition     = var.dlq_message_retention_seconds >= var.message_retention_seconds
      error_message = "dlq_message_retention_seconds must be >= message_retention_seconds, otherwise messages can expire in the dead-letter queue before anyone looks at them."
    }
    precondition {
      condition     = var.consumer_timeout_seconds == null || var.visibility_timeout_seconds >= 6 * coalesce(var.consumer_timeout_seconds, 0)
      error_message = "visibility_timeout_seconds must be at least 6 x consumer_timeout_seconds (AWS guidance for Lambda consumers), otherwise messages reappear while still being processed."
    }
    precondition {
      condition     = var.fifo_queue || !var.content_based_deduplication
      error_message = "content_based_deduplication applies to FIFO queues only: set fifo_queue = true or leave it false."
    }
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
  }
}

resource "aws_sqs_queue" "dlq" {
  name                              = local.dlq_name
  fifo_queue                        = var.fifo_queue
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = var.kms_data_key_reuse_period_seconds
  message_retention_seconds         = var.dlq_message_retention_seconds
  max_message_size                  = var.max_message_size
  receive_wait_time_seconds         = var.receive_wait_time_seconds

  # Only this module's source queue may use the DLQ.
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [local.queue_arn]
  })

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.deny_insecure_transport.dlq]
  })

  tags = var.tags
}
