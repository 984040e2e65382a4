variable "name" {
  description = "Name of the topic (the module appends \".fifo\" for FIFO topics, so do not add it here). Dead-letter queues of subscriptions are named \"<name>-<subscription>-dlq\"."
  type        = string

  validation {
    # 256 is the SNS limit; ".fifo" takes 5 of them.
    condition     = can(regex("^[A-Za-z0-9_-]{1,251}$", var.name))
    error_message = "name must be 1-251 characters of letters, digits, hyphens and underscores (the module adds \".fifo\" to FIFO topics)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the topic and the subscriptions' dead-letter queues. Its key policy must include the statements of the kms_key_policy_statements output (the publishing services, and SNS for the dead-letter queues)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "fifo_topic" {
  description = "Create a FIFO topic (ordered, deduplicated). Its subscriptions' dead-letter queues are FIFO queues too. CloudWatch alarms cannot notify FIFO topics."
  type        = bool
  default     = false
}

variable "content_based_deduplication" {
  description = "FIFO only: derive the deduplication id from a SHA-256 of the message body, so publishers need not send one."
  type        = bool
  default     = false
}

variable "publishers" {
  description = <<-EOT
    AWS services allowed to publish to the topic through its topic policy, keyed by a name used
    in the statement id ("Publish<key>"), e.g.
    { cloudwatchAlarms = { service = "cloudwatch.amazonaws.com", source_accounts = ["123456789012"] } }.
    Every publisher must be scoped by source_arns (aws:SourceArn) and/or source_accounts
    (aws:SourceAccount), so no other account's alarm, rule or budget can publish through the
    service (the confused-deputy problem). Roles of this account publish through their identity
    policy (publisher_policy_statements, or a lambda-function grant on grant_target) and need no
    entry here.
  EOT
  type = map(object({
    service         = string
    source_arns     = optional(list(string), [])
    source_accounts = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = !anytrue([for key in keys(var.publishers) : !can(regex("^[A-Za-z0-9]{1,64}$", key))])
    error_message = "publishers keys become statement ids: use 1-64 letters and digits only."
  }

  validation {
    condition     = !anytrue([for publisher in values(var.publishers) : !can(regex("^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.amazonaws\\.com$", publisher.service))])
    error_message = "publishers service must be an AWS service principal such as \"cloudwatch.amazonaws.com\"; \"*\" is not allowed."
  }

  validation {
    condition     = !anytrue([for publisher in values(var.publishers) : length(publisher.source_arns) + length(publisher.source_accounts) == 0])
    error_message = "every publisher must be scoped by source_arns (aws:SourceArn) or source_accounts (aws:SourceAccount), otherwise any account's resource could publish through that service."
  }

  validation {
    condition     = !anytrue(flatten([for publisher in values(var.publishers) : [for account in publisher.source_accounts : !can(regex("^[0-9]{12}$", account))]]))
    error_message = "publishers source_accounts must be 12-digit account ids."
  }

  validation {
    # A source ARN may end in a wildcard (e.g. every alarm of one account) but must name the
    # service, region and account.
    condition     = !anytrue(flatten([for publisher in values(var.publishers) : [for arn in publisher.source_arns : !can(regex("^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:[^*]", arn))]]))
    error_message = "publishers source_arns must be ARNs that name their account (arn:<partition>:<service>:<region>:<account>:<resource>); \"*\" alone is not a scope."
  }
}

variable "subscriptions" {
  description = <<-EOT
    Subscriptions keyed by a name (letters, digits, hyphens; part of the dead-letter queue name).
    protocol: sqs, lambda, https, email, email-json, firehose, application or sms ("http" is
    refused: deliveries must use TLS). endpoint: the queue, function, delivery stream or
    platform endpoint ARN, the https URL, the e-mail address or the E.164 phone number.
    filter_policy: a JSON filter policy, applied to the message attributes or (with
    filter_policy_scope = "MessageBody") to the body. raw_message_delivery: sqs, https and
    firehose only. dead_letter_queue (default true): the module creates an encrypted SQS queue
    "<name>-<key>-dlq" that receives the messages SNS could not deliver (the subscription's
    redrive policy), with a depth alarm. subscription_role_arn: firehose only (required there).
  EOT
  type = map(object({
    protocol              = string
    endpoint              = string
    filter_policy         = optional(string)
    filter_policy_scope   = optional(string, "MessageAttributes")
    raw_message_delivery  = optional(bool, false)
    dead_letter_queue     = optional(bool, true)
    subscription_role_arn = optional(string)
  }))
  default = {}

  validation {
    condition     = !anytrue([for key in keys(var.subscriptions) : !can(regex("^[A-Za-z0-9-]{1,40}$", key))])
    error_message = "subscriptions keys name the dead-letter queues: use 1-40 letters, digits and hyphens."
  }

  validation {
    condition     = !anytrue([for subscription in values(var.subscriptions) : !contains(["sqs", "lambda", "https", "email", "email-json", "firehose", "application", "sms"], subscription.protocol)])
    error_message = "subscriptions protocol must be sqs, lambda, https, email, email-json, firehose, application or sms; \"http\" is refused because deliveries must use TLS."
  }

  validation {
    condition = !anytrue([for subscription in values(var.subscriptions) : !can(regex(lookup({
      sqs         = "^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?$"
      lambda      = "^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$"
      https       = "^https://[^\\s]+$"
      email       = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"
      email-json  = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"
      firehose    = "^arn:aws[a-zA-Z-]*:firehose:[a-z0-9-]+:[0-9]{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$"
      application = "^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:endpoint/[^\\s]+$"
      sms         = "^\\+[1-9][0-9]{6,14}$"
    }, subscription.protocol, ""), subscription.endpoint))]) # an unknown protocol is the protocol rule's one message
    error_message = "subscriptions endpoint must fit its protocol: an SQS queue ARN (sqs), a Lambda function ARN (lambda), an https:// URL (https), an e-mail address (email, email-json), a Firehose delivery stream ARN (firehose), an SNS platform endpoint ARN (application) or an E.164 phone number (sms)."
  }

  validation {
    condition     = !anytrue([for subscription in values(var.subscriptions) : subscription.filter_policy != null && !can(keys(jsondecode(subscription.filter_policy)))])
    error_message = "subscriptions filter_policy must be a JSON object (an SNS filter policy), or null."
  }

  validation {
    condition     = !anytrue([for subscription in values(var.subscriptions) : !contains(["MessageAttributes", "MessageBody"], subscription.filter_policy_scope)])
    error_message = "subscriptions filter_policy_scope must be MessageAttributes or MessageBody."
  }

  validation {
    condition     = !anytrue([for subscription in values(var.subscriptions) : subscription.raw_message_delivery && !contains(["sqs", "https", "firehose"], subscription.protocol)])
    error_message = "subscriptions raw_message_delivery applies to sqs, https and firehose subscriptions only."
  }

  validation {
    condition = !anytrue([for subscription in values(var.subscriptions) :
      (subscription.protocol == "firehose") != (subscription.subscription_role_arn != null) ||
      (subscription.subscription_role_arn != null && !can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", subscription.subscription_role_arn)))
    ])
    error_message = "subscriptions subscription_role_arn is required for firehose subscriptions (an IAM role ARN SNS assumes to write to the stream) and not accepted for other protocols."
  }
}

variable "dead_letter_queue_retention_seconds" {
  description = "How long the subscriptions' dead-letter queues keep an undelivered message (60-1209600); the default is the SQS maximum of 14 days."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_queue_retention_seconds >= 60 && var.dead_letter_queue_retention_seconds <= 1209600 && floor(var.dead_letter_queue_retention_seconds) == var.dead_letter_queue_retention_seconds
    error_message = "dead_letter_queue_retention_seconds must be a whole number between 60 and 1209600 (14 days)."
  }
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (depth of every subscription's dead-letter queue). Switching them off must be explicit."
  type        = bool
  default     = true
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN the alarms notify (alarm and OK). Required while alarms_enabled is true and a subscription has a dead-letter queue. An alarm topic may name itself (build the ARN from its name): its other subscribers then hear of failed deliveries."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be the ARN of a standard SNS topic (arn:<partition>:sns:<region>:<account>:<name>); CloudWatch alarms cannot notify FIFO topics."
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
