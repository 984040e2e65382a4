# Rules across inputs (the definition's resources against the grants, alarms and their topic) are
# preconditions on the state machine, so they fail the plan before anything is created.

variable "name" {
  description = "Name of the state machine. Also names its role (\"<name>-sfn\"), its log group (\"/aws/vendedlogs/states/<name>\") and prefixes the alarms."
  type        = string

  validation {
    # 64 is the IAM role name limit; "-sfn" takes 4 of them.
    condition     = can(regex("^[A-Za-z0-9_-]{1,60}$", var.name))
    error_message = "name must be 1-60 characters of letters, digits, hyphens and underscores (the module adds \"-sfn\" to name the role)."
  }
}

variable "type" {
  description = "STANDARD (exactly-once, up to a year, execution history) or EXPRESS (at-least-once, up to 5 minutes, high volume; history only in the logs)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.type)
    error_message = "type must be STANDARD or EXPRESS."
  }
}

variable "definition" {
  description = <<-EOT
    The Amazon States Language definition (JSON), e.g. file("$${path.module}/workflow.asl.json") or
    templatefile("workflow.asl.json.tftpl", { worker_arn = module.worker.invoke_target_arn }).
    Checked at plan: it must parse as JSON with StartAt and States, and every Lambda function,
    state machine, event bus and SQS queue it names (ARN or queue URL) must be covered by grants.
  EOT
  type        = string

  validation {
    condition     = can(jsondecode(var.definition).StartAt) && can(keys(jsondecode(var.definition).States))
    error_message = "definition must be a JSON Amazon States Language document with StartAt and States."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the state machine's definition and execution data and its log group. Its key policy must let states.<region>.amazonaws.com and logs.<region>.amazonaws.com use it, and the module's role use it for this state machine."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "kms_data_key_reuse_period_seconds" {
  description = "How long Step Functions reuses a data key of kms_key_arn before asking KMS again (60-900 s): longer is cheaper, shorter limits what one data key protects."
  type        = number
  default     = 300

  validation {
    condition     = var.kms_data_key_reuse_period_seconds >= 60 && var.kms_data_key_reuse_period_seconds <= 900 && floor(var.kms_data_key_reuse_period_seconds) == var.kms_data_key_reuse_period_seconds
    error_message = "kms_data_key_reuse_period_seconds must be a whole number between 60 and 900."
  }
}

variable "log_level" {
  description = "What the state machine logs: ALL (every event), ERROR (failures) or FATAL. OFF is refused: an Express workflow has no other history."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level must be ALL, ERROR or FATAL (OFF is refused)."
  }
}

variable "include_execution_data" {
  description = "Log the input, output and state data of executions (encrypted with kms_key_arn). On by default for debugging; switch off when the data may hold what the logs must not."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the state machine's log group in days. Required: logs that never expire grow cost and exposure forever."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (never-expire is refused)."
  }
}

variable "tracing_enabled" {
  description = "X-Ray tracing of executions."
  type        = bool
  default     = true
}

variable "permissions_boundary_arn" {
  description = "ARN of the IAM policy set as permissions boundary on the state machine's role. Required: it caps what the role can ever be granted, whatever later edits add."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<path/name>)."
  }
}

variable "grants" {
  description = <<-EOT
    What the state machine may call, keyed by a name used in the statement id (letters and
    digits). type and the action it grants, on exactly arn:
      lambda_function  lambda:InvokeFunction (arn: a function, or its alias such as a
                       lambda-function module's invoke_target_arn)
      sqs_queue        sqs:SendMessage [+ kms:GenerateDataKey, kms:Decrypt via SQS on kms_key_arn]
      event_bus        events:PutEvents [+ kms:GenerateDataKey via EventBridge on kms_key_arn]
      state_machine    states:StartExecution (fire and forget; .sync integrations are not granted)
    The sqs-queue and event-bus modules' grant_target outputs fit (they carry the key).
  EOT
  type = map(object({
    type        = string
    arn         = string
    kms_key_arn = optional(string)
    stream_arn  = optional(string)
  }))
  default = {}

  validation {
    condition     = !anytrue([for key in keys(var.grants) : !can(regex("^[A-Za-z0-9]{1,48}$", key))])
    error_message = "grants keys become statement ids: use 1-48 letters and digits only."
  }

  validation {
    condition     = !anytrue([for grant in values(var.grants) : !contains(["lambda_function", "sqs_queue", "event_bus", "state_machine"], grant.type)])
    error_message = "grants type must be lambda_function, sqs_queue, event_bus or state_machine."
  }

  validation {
    condition = !anytrue([for ok in flatten([for grant in values(var.grants) : [
      !contains(["lambda_function", "sqs_queue", "event_bus", "state_machine"], grant.type) || can(regex(lookup({
        lambda_function = "^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$"
        sqs_queue       = "^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$"
        event_bus       = "^arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._-]{1,256}$"
        state_machine   = "^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}$"
      }, grant.type, "^$"), grant.arn)),
      grant.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", grant.kms_key_arn)),
    ]]) : !ok])
    error_message = "grants arn must be the full ARN of its type (function or alias, queue, event-bus/<name>, stateMachine:<name>) and kms_key_arn a key ARN; wildcards and aliases are not accepted."
  }
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (failed, timed-out and throttled executions). Switching them off must be explicit."
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
