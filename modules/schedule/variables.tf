# Rules across inputs (target kind and its key, alarms and their topic) are preconditions on the
# schedule, so they fail the plan before anything is created.

variable "name" {
  description = "Name of the schedule. Also names its execution role (\"<name>-scheduler\") and prefixes the alarms."
  type        = string

  validation {
    # 64 is the schedule and IAM role name limit; "-scheduler" takes 10 of them.
    condition     = can(regex("^[A-Za-z0-9_.-]{1,54}$", var.name))
    error_message = "name must be 1-54 characters of letters, digits, hyphens, underscores and dots (the module adds \"-scheduler\" to name the role)."
  }
}

variable "description" {
  description = "Description of the schedule."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 512
    error_message = "description must be at most 512 characters."
  }
}

variable "schedule_expression" {
  description = "When the target runs: \"cron(minutes hours day-of-month month day-of-week year)\" or \"rate(<n> minute(s)|hour(s)|day(s))\", or a one-time \"at(yyyy-mm-ddThh:mm:ss)\", evaluated in schedule_expression_timezone."
  type        = string

  validation {
    condition = anytrue([
      can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.schedule_expression)),
      can(regex("^rate\\(([2-9]|[1-9][0-9]+) (minutes|hours|days)\\)$|^rate\\(1 (minute|hour|day)\\)$", var.schedule_expression)),
      can(regex("^at\\([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\)$", var.schedule_expression)),
    ])
    error_message = "schedule_expression must be cron(<6 fields>), rate(1 minute|hour|day) / rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss)."
  }
}

variable "schedule_expression_timezone" {
  description = "IANA time zone the expression is evaluated in (e.g. \"Europe/Paris\"); cron schedules then follow daylight saving time."
  type        = string
  default     = "UTC"

  validation {
    condition     = can(regex("^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2})$", var.schedule_expression_timezone))
    error_message = "schedule_expression_timezone must be UTC or an IANA time zone name such as Europe/Paris or America/Argentina/Buenos_Aires."
  }
}

variable "flexible_time_window_minutes" {
  description = "Lets Scheduler start the target up to this many minutes after the scheduled time (1-1440), spreading load; null starts it on time."
  type        = number
  default     = null

  validation {
    condition     = var.flexible_time_window_minutes == null || try(var.flexible_time_window_minutes >= 1 && var.flexible_time_window_minutes <= 1440 && floor(var.flexible_time_window_minutes) == var.flexible_time_window_minutes, false)
    error_message = "flexible_time_window_minutes must be a whole number between 1 and 1440, or null."
  }
}

variable "enabled" {
  description = "Whether the schedule runs (ENABLED) or is kept but paused (DISABLED)."
  type        = bool
  default     = true
}

variable "group" {
  description = "Schedule group: null uses the account's \"default\" group; { name } uses an existing group; { name, create = true } creates it (tagged) with the schedule. The module's alarms watch the group's metrics."
  type = object({
    name   = string
    create = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.group == null || can(regex("^[A-Za-z0-9_.-]{1,64}$", try(var.group.name, "")))
    error_message = "group.name must be 1-64 letters, digits, hyphens, underscores and dots."
  }

  validation {
    condition     = !try(var.group.create && var.group.name == "default", false)
    error_message = "the \"default\" group exists in every account and cannot be created; leave group null to use it."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the schedule's target input at rest. Its key policy must let the module's role (through scheduler) use kms:Decrypt."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "target" {
  description = <<-EOT
    What the schedule starts, and with what input. type is lambda_function (arn: the function's
    invoke_target_arn, e.g. its "live" alias), state_machine (arn, and kms_key_arn when the state
    machine is encrypted: a step-function module's grant_target fits) or sqs_queue (arn, and
    kms_key_arn when the queue is encrypted: an sqs-queue module's grant_target fits). The
    generated role may do exactly one thing: invoke that function, start an execution of that
    state machine, or send to that queue (with its key through Step Functions or SQS).
    input is the JSON document the target receives; message_group_id is required for FIFO queues.
  EOT
  type = object({
    type             = string
    arn              = string
    kms_key_arn      = optional(string)
    stream_arn       = optional(string)
    input            = optional(string)
    message_group_id = optional(string)
  })

  validation {
    condition     = contains(["lambda_function", "state_machine", "sqs_queue"], var.target.type)
    error_message = "target.type must be lambda_function, state_machine or sqs_queue."
  }

  validation {
    condition = can(regex(lookup({
      lambda_function = "^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$"
      state_machine   = "^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}$"
      sqs_queue       = "^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$"
    }, var.target.type, "^$"), var.target.arn)) || !contains(["lambda_function", "state_machine", "sqs_queue"], var.target.type) # an unknown type is the type rule's message
    error_message = "target.arn must be the full ARN of its type: a function (optionally with its alias), a state machine or a queue; wildcards are not accepted."
  }

  validation {
    condition     = var.target.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", coalesce(var.target.kms_key_arn, "-")))
    error_message = "target.kms_key_arn must be the ARN of the target's customer managed KMS key."
  }

  validation {
    condition     = var.target.input == null || can(jsondecode(coalesce(var.target.input, "-")))
    error_message = "target.input must be a JSON document."
  }
}

variable "retry_policy" {
  description = "How long and how often Scheduler retries a target that fails or throttles before the event goes to the dead-letter queue. Finite by design: at most 185 retries and 24 hours."
  type = object({
    maximum_retry_attempts       = optional(number, 3)
    maximum_event_age_in_seconds = optional(number, 3600)
  })
  default = {}

  validation {
    condition     = var.retry_policy.maximum_retry_attempts >= 0 && var.retry_policy.maximum_retry_attempts <= 185 && floor(var.retry_policy.maximum_retry_attempts) == var.retry_policy.maximum_retry_attempts
    error_message = "retry_policy.maximum_retry_attempts must be a whole number between 0 and 185."
  }

  validation {
    condition     = var.retry_policy.maximum_event_age_in_seconds >= 60 && var.retry_policy.maximum_event_age_in_seconds <= 86400 && floor(var.retry_policy.maximum_event_age_in_seconds) == var.retry_policy.maximum_event_age_in_seconds
    error_message = "retry_policy.maximum_event_age_in_seconds must be a whole number between 60 and 86400."
  }
}

variable "dead_letter_queue" {
  description = "Required: the standard SQS queue that receives the events Scheduler could not deliver after its retries (an sqs-queue module's grant_target, or { arn, kms_key_arn }). The role sends to exactly this queue, with its key through SQS."
  type = object({
    type        = optional(string, "sqs_queue")
    arn         = string
    kms_key_arn = optional(string)
    stream_arn  = optional(string)
  })

  validation {
    condition     = var.dead_letter_queue.type == "sqs_queue" && can(regex("^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.dead_letter_queue.arn))
    error_message = "dead_letter_queue must be a standard SQS queue (type sqs_queue, its full ARN; FIFO queues are not supported as Scheduler dead-letter queues)."
  }

  validation {
    condition     = var.dead_letter_queue.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", coalesce(var.dead_letter_queue.kms_key_arn, "-")))
    error_message = "dead_letter_queue.kms_key_arn must be the ARN of the queue's customer managed KMS key."
  }
}

variable "permissions_boundary_arn" {
  description = "ARN of the IAM policy set as permissions boundary on the execution role. Required: it caps what the role can ever be granted, whatever later edits add."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<path/name>)."
  }
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms on the schedule group (target errors, events sent to the dead-letter queue, events that could not reach it). Switching them off must be explicit."
  type        = bool
  default     = true
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

variable "tags" {
  description = "Tags merged onto every taggable resource."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for key, value in var.tags : length(key) < 1 || length(key) > 128 || startswith(lower(key), "aws:") || length(value) > 256])
    error_message = "tags keys must be 1-128 characters and not start with \"aws:\" (reserved by AWS); values at most 256 characters."
  }
}
