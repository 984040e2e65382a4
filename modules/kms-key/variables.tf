variable "name" {
  description = "Name of the key: the alias becomes \"alias/<name>\" and the description and tags refer to it."
  type        = string

  validation {
    # Alias names are 1-256 characters including the "alias/" prefix; "aws/" is reserved for AWS managed keys.
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9/_-]{0,249}$", var.name)) && !startswith(lower(var.name), "aws/")
    error_message = "name must be 1-250 characters of letters, digits, \"/\", \"_\" and \"-\", start with a letter or digit, and not start with \"aws/\"."
  }
}

variable "description" {
  description = "Description of the key. Null means \"Customer managed key <name>\"."
  type        = string
  default     = null

  validation {
    condition     = var.description == null || try(length(var.description) >= 1 && length(var.description) <= 8192, false)
    error_message = "description must be 1-8192 characters, or null."
  }
}

variable "enable_key_rotation" {
  description = "Rotate the key material automatically every rotation_period_in_days. On by default; turning it off must be a deliberate choice."
  type        = bool
  default     = true
}

variable "rotation_period_in_days" {
  description = "Days between automatic rotations of the key material (90-2560). Used only while enable_key_rotation is true."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560 && floor(var.rotation_period_in_days) == var.rotation_period_in_days
    error_message = "rotation_period_in_days must be a whole number between 90 and 2560."
  }
}

variable "deletion_window_in_days" {
  description = "Days a destroyed key stays pending deletion (and recoverable with CancelKeyDeletion) before KMS deletes it for good (7-30). The default is the longest window."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30 && floor(var.deletion_window_in_days) == var.deletion_window_in_days
    error_message = "deletion_window_in_days must be a whole number between 7 and 30."
  }
}

variable "administrators" {
  description = "ARNs of IAM roles that manage the key (policy, rotation, aliases, tags, enable/disable, deletion) without being able to use it for cryptography."
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for ok in [for arn in var.administrators : can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", arn))] : !ok])
    error_message = "administrators must be IAM role ARNs (arn:<partition>:iam::<account>:role/<name>); wildcards, users and account roots are not accepted."
  }
}

variable "users" {
  description = "ARNs of IAM roles that use the key for cryptography (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey), e.g. Lambda execution roles."
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for ok in [for arn in var.users : can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", arn))] : !ok])
    error_message = "users must be IAM role ARNs (arn:<partition>:iam::<account>:role/<name>); wildcards, users and account roots are not accepted."
  }
}

variable "service_principals" {
  description = <<-EOT
    AWS service principals that use the key with the user actions, keyed by a name that becomes
    the statement id ("Service<name>"). Each grant is limited with kms:ViaService to the listed
    service endpoints, e.g. { queues = { service = "sqs.amazonaws.com", via_services = ["sqs.eu-west-1.amazonaws.com"] } }.
  EOT
  type = map(object({
    service      = string
    via_services = list(string)
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.service_principals) : can(regex("^[A-Za-z0-9]{1,64}$", key))] : !ok])
    error_message = "service_principals keys become statement ids: use 1-64 letters and digits only."
  }

  validation {
    condition     = !anytrue([for ok in [for grant in values(var.service_principals) : can(regex("^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.amazonaws\\.com$", grant.service))] : !ok])
    error_message = "service_principals service must be an AWS service principal such as \"sqs.amazonaws.com\"."
  }

  validation {
    condition = !anytrue([for ok in [for grant in values(var.service_principals) : length(grant.via_services) > 0 && !anytrue([for ok in [
      for endpoint in grant.via_services : can(regex("^[a-z0-9-]+\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$", endpoint))
    ] : !ok])] : !ok])
    error_message = "every service_principals entry needs at least one via_services endpoint of the form \"<service>.<region>.amazonaws.com\"."
  }
}

variable "allow_cloudwatch_logs" {
  description = "Let CloudWatch Logs (logs.<region>.amazonaws.com) encrypt log groups of this account and region with the key, scoped with the kms:EncryptionContext:aws:logs:arn condition."
  type        = bool
  default     = false
}

variable "allow_eventbridge" {
  description = "Let EventBridge (events.amazonaws.com) deliver to queues and topics encrypted with the key (kms:GenerateDataKey*, kms:Decrypt) on behalf of this account only (aws:SourceAccount)."
  type        = bool
  default     = false
}

variable "allow_sns" {
  description = "Let SNS (sns.amazonaws.com) deliver to queues encrypted with the key (kms:GenerateDataKey*, kms:Decrypt) on behalf of this account only (aws:SourceAccount)."
  type        = bool
  default     = false
}

variable "allow_cloudwatch_alarms" {
  description = "Let CloudWatch alarms (cloudwatch.amazonaws.com) notify topics encrypted with the key (kms:GenerateDataKey*, kms:Decrypt) on behalf of this account only (aws:SourceAccount)."
  type        = bool
  default     = false
}

variable "allow_budgets" {
  description = "Let AWS Budgets (budgets.amazonaws.com) notify topics encrypted with the key (kms:GenerateDataKey*, kms:Decrypt) on behalf of this account only (aws:SourceAccount)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the key."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for key, value in var.tags : length(key) < 1 || length(key) > 128 || startswith(lower(key), "aws:") || length(value) > 256])
    error_message = "tags keys must be 1-128 characters and not start with \"aws:\" (reserved by AWS); values at most 256 characters."
  }
}
