variable "name" {
  description = "Name of the custom event bus; also the prefix of its rules, archive, role and alarms."
  type        = string

  validation {
    # Rule names ("<name>-<rule>") are limited to 64 characters; leave room for the rule key.
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.name)) && var.name != "default"
    error_message = "name must be 1-40 characters of letters, digits, '_' and '-', and must not be \"default\"."
  }
}

variable "description" {
  description = "Description of the event bus."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the bus's events at rest. Its key policy must include the statements of the kms_key_policy_statements output."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "publisher_organization_id" {
  description = "When set, principals of any account of this AWS Organization may put events on the bus (aws:PrincipalOrgID). When null (the default), only principals of this account may."
  type        = string
  default     = null

  validation {
    condition     = var.publisher_organization_id == null || can(regex("^o-[a-z0-9]{10,32}$", var.publisher_organization_id))
    error_message = "publisher_organization_id must be an AWS Organizations id (o- followed by 10-32 lowercase letters or digits), or null."
  }
}

variable "archive" {
  description = "Archive every event on the bus (or those matching event_pattern) for replay, kept retention_days days (1-3650). null: no archive."
  type = object({
    retention_days = number
    event_pattern  = optional(string)
  })
  default = null

  validation {
    condition     = var.archive == null || try(var.archive.retention_days >= 1 && var.archive.retention_days <= 3650 && floor(var.archive.retention_days) == var.archive.retention_days, false)
    error_message = "archive.retention_days must be a whole number of days between 1 and 3650; an archive that never expires must not be the silent default."
  }

  validation {
    condition     = var.archive == null || try(var.archive.event_pattern == null || can(jsondecode(var.archive.event_pattern)), false)
    error_message = "archive.event_pattern must be a JSON document (use jsonencode)."
  }
}

variable "rules" {
  description = <<-EOT
    Rules keyed by a short name (the rule is named "<name>-<key>"). Each has exactly one of
    event_pattern (JSON, matched on this bus) or schedule_expression (rate()/cron(); EventBridge
    runs scheduled rules on the account's default bus only, so the module puts them there).
    targets are keyed by a name unique within the rule (it becomes the target id). Every target
    names its kind (lambda, sqs, sns, sfn, event_bus), its ARN, a dead-letter queue ARN and a retry
    policy; input_transformer is optional; message_group_id is for FIFO queue targets.
  EOT
  type = map(object({
    description         = optional(string)
    event_pattern       = optional(string)
    schedule_expression = optional(string)
    enabled             = optional(bool, true)
    targets = map(object({
      kind            = string
      arn             = string
      dead_letter_arn = optional(string)
      retry_policy = optional(object({
        maximum_retry_attempts       = number
        maximum_event_age_in_seconds = number
      }))
      input_transformer = optional(object({
        input_paths    = optional(map(string), {})
        input_template = string
      }))
      message_group_id = optional(string)
    }))
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key, rule in var.rules : can(regex("^[A-Za-z0-9_-]{1,23}$", key))] : !ok])
    error_message = "rule keys must be 1-23 characters of letters, digits, '_' and '-' (the rule name \"<name>-<key>\" is limited to 64)."
  }

  validation {
    condition     = !anytrue([for ok in [for rule in var.rules : (rule.event_pattern == null) != (rule.schedule_expression == null)] : !ok])
    error_message = "every rule needs exactly one of event_pattern or schedule_expression."
  }

  validation {
    condition     = !anytrue([for ok in [for rule in var.rules : rule.event_pattern == null || can(jsondecode(rule.event_pattern))] : !ok])
    error_message = "a rule's event_pattern must be a JSON document (use jsonencode)."
  }

  validation {
    condition     = !anytrue([for ok in [for rule in var.rules : rule.schedule_expression == null || can(regex("^(rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|cron\\([^)]+\\))$", rule.schedule_expression))] : !ok])
    error_message = "a rule's schedule_expression must be rate(<n> <unit>) or cron(<fields>)."
  }

  validation {
    condition     = !anytrue([for ok in [for rule in var.rules : length(rule.targets) >= 1 && length(rule.targets) <= 5] : !ok])
    error_message = "every rule needs 1-5 targets (EventBridge allows at most 5 per rule; a rule without targets drops its events)."
  }

  validation {
    condition = !anytrue([for ok in flatten([for rule in var.rules : [for key, target in rule.targets : can(regex("^[A-Za-z0-9_-]{1,35}$", key))]]) : !ok])
    # 35 keeps the Lambda permission statement id "<rule name>-<target>" within its 100 characters.
    error_message = "target keys become target ids: 1-35 letters, digits, '_' and '-' (Lambda statement ids allow no dots)."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : contains(["lambda", "sqs", "sns", "sfn", "event_bus"], target.kind)]]) : !ok])
    error_message = "a target's kind must be one of lambda, sqs, sns, sfn, event_bus."
  }

  validation {
    condition = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : can(regex(lookup({
      lambda    = "^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$"
      sqs       = "^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\\.fifo)?$"
      sns       = "^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\\.fifo)?$"
      sfn       = "^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]+$"
      event_bus = "^arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._/-]+$"
    }, target.kind, "^$"), target.arn))]]) : !ok])
    error_message = "a target's arn must be an ARN of its kind: a Lambda function (optionally qualified), an SQS queue, an SNS topic, a Step Functions state machine or an event bus."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : target.dead_letter_arn != null && can(regex("^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", coalesce(target.dead_letter_arn, "-")))]]) : !ok])
    error_message = "every target needs dead_letter_arn, the ARN of a standard SQS queue (EventBridge does not deliver to FIFO dead-letter queues): events that exhaust their retries must land somewhere."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : target.retry_policy != null]]) : !ok])
    error_message = "every target needs an explicit retry_policy { maximum_retry_attempts, maximum_event_age_in_seconds }; the EventBridge default (185 attempts over 24 h) is rarely what a service wants."
  }

  validation {
    condition = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : target.retry_policy == null || try(
      target.retry_policy.maximum_retry_attempts >= 0 && target.retry_policy.maximum_retry_attempts <= 185 &&
      target.retry_policy.maximum_event_age_in_seconds >= 60 && target.retry_policy.maximum_event_age_in_seconds <= 86400 &&
      floor(target.retry_policy.maximum_retry_attempts) == target.retry_policy.maximum_retry_attempts &&
      floor(target.retry_policy.maximum_event_age_in_seconds) == target.retry_policy.maximum_event_age_in_seconds, false)
    ]]) : !ok])
    error_message = "retry_policy.maximum_retry_attempts must be a whole number 0-185 and maximum_event_age_in_seconds a whole number 60-86400."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : target.message_group_id == null || (target.kind == "sqs" && endswith(target.arn, ".fifo"))]]) : !ok])
    error_message = "message_group_id applies to FIFO SQS targets only (kind = \"sqs\" with an ARN ending in .fifo)."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for rule in var.rules : [for target in rule.targets : target.kind != "sqs" || !endswith(target.arn, ".fifo") || target.message_group_id != null]]) : !ok])
    error_message = "a FIFO SQS target needs message_group_id."
  }
}

variable "alarms_enabled" {
  description = "Create per-rule CloudWatch alarms on FailedInvocations and InvocationsSentToDlq. Switching them off must be explicit."
  type        = bool
  default     = true
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN the alarms notify (alarm and OK). Required while alarms_enabled is true and rules exist."
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

variable "permissions_boundary_arn" {
  description = "ARN of the IAM policy set as permissions boundary on the role the module creates for Step Functions and event bus targets. Leave null only when no rule has such a target (no role is created); the gate requires a boundary on every role (SLS-IAM-006)."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<path/name>) or null."
  }
}
