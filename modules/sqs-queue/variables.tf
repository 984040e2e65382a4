variable "name" {
  description = "Name of the source queue. The dead-letter queue is named \"<name>-dlq\"; for FIFO queues the module appends \".fifo\" to both, so do not add it here."
  type        = string

  validation {
    # 80 characters is the SQS limit; "-dlq" and ".fifo" take up to 9 of them.
    condition     = can(regex("^[A-Za-z0-9_-]{1,71}$", var.name))
    error_message = "name must be 1-71 characters of letters, digits, hyphens and underscores (the module adds \"-dlq\" and \".fifo\")."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts both queues. Its key policy must let the producers (and, for service producers, the service principal) use kms:GenerateDataKey and kms:Decrypt."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long SQS reuses a data key before calling KMS again (60-86400). Longer means fewer KMS calls and lower cost, shorter means a smaller blast radius per data key."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 86400 && floor(var.kms_data_key_reuse_period_seconds) == var.kms_data_key_reuse_period_seconds
    error_message = "kms_data_key_reuse_period_seconds must be a whole number between 60 and 86400."
  }
}

variable "fifo_queue" {
  description = "Create FIFO queues (source and dead-letter) instead of standard queues."
  type        = bool
  default     = false
}

variable "content_based_deduplication" {
  description = "FIFO only: derive the deduplication id from a SHA-256 of the message body, so producers need not send one."
  type        = bool
  default     = false
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays hidden from other consumers (0-43200). Must cover the consumer's processing time; see consumer_timeout_seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number between 0 and 43200."
  }
}

variable "consumer_timeout_seconds" {
  description = "Timeout of the consumer (e.g. the Lambda function timeout). When set, the module requires visibility_timeout_seconds >= 6 x this value, the AWS recommendation for Lambda event source mappings, so retries and batching windows never make a message visible while it is still being processed."
  type        = number
  default     = null

  validation {
    condition     = var.consumer_timeout_seconds == null || try(var.consumer_timeout_seconds >= 1 && var.consumer_timeout_seconds <= 900, false)
    error_message = "consumer_timeout_seconds must be between 1 and 900 seconds (the Lambda maximum), or null."
  }
}

variable "message_retention_seconds" {
  description = "How long the source queue keeps a message (60-1209600). The dead-letter queue must keep messages at least as long."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number between 60 and 1209600 (14 days)."
  }
}

variable "delay_seconds" {
  description = "Delivery delay of every new message on the source queue (0-900)."
  type        = number
  default     = 0

  validation {
    condition     = var.delay_seconds >= 0 && var.delay_seconds <= 900 && floor(var.delay_seconds) == var.delay_seconds
    error_message = "delay_seconds must be a whole number between 0 and 900."
  }
}

variable "max_message_size" {
  description = "Largest accepted message in bytes (1024-262144)."
  type        = number
  default     = 262144

  validation {
    condition     = var.max_message_size >= 1024 && var.max_message_size <= 262144 && floor(var.max_message_size) == var.max_message_size
    error_message = "max_message_size must be a whole number of bytes between 1024 and 262144."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-polling wait of ReceiveMessage (0-20). The default 20 cuts empty receives (and their cost) to a minimum."
  type        = number
  default     = 20

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20 && floor(var.receive_wait_time_seconds) == var.receive_wait_time_seconds
    error_message = "receive_wait_time_seconds must be a whole number between 0 and 20."
  }
}

variable "max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue (1-1000)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queue keeps a message (60-1209600), at least message_retention_seconds. SQS keeps a message's original enqueue time when it moves to a standard DLQ, so a shorter DLQ retention would silently drop failed messages."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600 && floor(var.dlq_message_retention_seconds) == var.dlq_message_retention_seconds
    error_message = "dlq_message_retention_seconds must be a whole number between 60 and 1209600 (14 days)."
  }
}

variable "producers" {
  description = <<-EOT
    Principals allowed to send to the source queue, keyed by a name used as the statement id.
    principal_type "AWS" takes account ids or IAM ARNs; "Service" takes service principals
    (e.g. sns.amazonaws.com) and must be scoped by source_arns and/or source_accounts
    (aws:SourceArn / aws:SourceAccount) against the confused-deputy problem.
  EOT
  type = map(object({
    principal_type  = string
    identifiers     = list(string)
    source_arns     = optional(list(string), [])
    source_accounts = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key, p in var.producers : can(regex("^[A-Za-z0-9]{1,64}$", key))] : !ok])
    error_message = "producers keys become statement ids: use 1-64 letters and digits only."
  }

  validation {
    condition     = !anytrue([for ok in [for p in var.producers : contains(["AWS", "Service"], p.principal_type) && length(p.identifiers) > 0] : !ok])
    error_message = "every producer needs principal_type \"AWS\" or \"Service\" and at least one identifier."
  }

  validation {
    condition = !anytrue([for ok in flatten([for p in var.producers : [
      for id in p.identifiers : p.principal_type == "Service"
      ? can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", id))
      : can(regex("^([0-9]{12}|arn:aws[a-zA-Z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]+)$", id))
    ]]) : !ok])
    error_message = "producer identifiers must be service principals ending in .amazonaws.com (Service) or 12-digit account ids / IAM ARNs (AWS); \"*\" is not allowed."
  }

  validation {
    condition     = !anytrue([for ok in [for p in var.producers : p.principal_type != "Service" || length(p.source_arns) + length(p.source_accounts) > 0] : !ok])
    error_message = "a Service producer must be scoped by source_arns (aws:SourceArn) or source_accounts (aws:SourceAccount), otherwise any account's resource could send through that service."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for p in var.producers : [for a in p.source_accounts : can(regex("^[0-9]{12}$", a))]]) : !ok])
    error_message = "producer source_accounts must be 12-digit account ids."
  }
}

variable "consumers" {
  description = "Principals allowed to receive, delete and change visibility of messages on the source queue; same shape and rules as producers."
  type = map(object({
    principal_type  = string
    identifiers     = list(string)
    source_arns     = optional(list(string), [])
    source_accounts = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key, c in var.consumers : can(regex("^[A-Za-z0-9]{1,64}$", key))] : !ok])
    error_message = "consumers keys become statement ids: use 1-64 letters and digits only."
  }

  validation {
    condition     = !anytrue([for ok in [for c in var.consumers : contains(["AWS", "Service"], c.principal_type) && length(c.identifiers) > 0] : !ok])
    error_message = "every consumer needs principal_type \"AWS\" or \"Service\" and at least one identifier."
  }

  validation {
    condition = !anytrue([for ok in flatten([for c in var.consumers : [
      for id in c.identifiers : c.principal_type == "Service"
      ? can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", id))
      : can(regex("^([0-9]{12}|arn:aws[a-zA-Z-]*:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]+)$", id))
    ]]) : !ok])
    error_message = "consumer identifiers must be service principals ending in .amazonaws.com (Service) or 12-digit account ids / IAM ARNs (AWS); \"*\" is not allowed."
  }

  validation {
    condition     = !anytrue([for ok in [for c in var.consumers : c.principal_type != "Service" || length(c.source_arns) + length(c.source_accounts) > 0] : !ok])
    error_message = "a Service consumer must be scoped by source_arns (aws:SourceArn) or source_accounts (aws:SourceAccount)."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for c in var.consumers : [for a in c.source_accounts : can(regex("^[0-9]{12}$", a))]]) : !ok])
    error_message = "consumer source_accounts must be 12-digit account ids."
  }
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (age of the oldest message, dead-letter queue depth). Switching them off must be explicit."
  type        = bool
  default     = true
}

variable "receives_failures" {
  description = "The queue itself collects failures (an EventBridge or Scheduler target's dead-letter queue, a Lambda or event source mapping on-failure destination, an SNS subscription's redrive target): it then also gets a depth alarm (messages visible >= 1), as its own dead-letter queue does."
  type        = bool
  default     = false
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN the alarms notify (alarm and OK). Required while alarms_enabled is true."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be the ARN of a standard SNS topic (arn:<partition>:sns:<region>:<account>:<name>); CloudWatch alarms cannot notify FIFO topics."
  }
}

variable "oldest_message_age_alarm_seconds" {
  description = "The age-of-oldest-message alarm fires when the oldest message on the source queue is at least this old (seconds)."
  type        = number
  default     = 900

  validation {
    condition     = var.oldest_message_age_alarm_seconds >= 60
    error_message = "oldest_message_age_alarm_seconds must be at least 60 (CloudWatch publishes SQS metrics every minute)."
  }
}

variable "tags" {
  description = "Tags merged onto every taggable resource."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for key, value in var.tags : length(key) < 1 || length(key) > 128 || startswith(lower(key), "aws:") || length(value) > 256])
    error_message = "tags keys must be 1-128 characters and not start with \"aws:\" (reserved by AWS); values at most 256 characters."
  }
}
