variable "name" {
  description = "Name prefix (e.g. the workload). The budget is \"<name>-<environment>-monthly\"; the topic, key alias and optional resources derive from it."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.name))
    error_message = "name must be 1-40 letters, digits, hyphens or underscores."
  }
}

variable "environment" {
  description = "Environment the budget covers (one budget per environment)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,20}$", var.environment))
    error_message = "environment must be 1-20 lower-case letters, digits or hyphens."
  }
}

variable "limit_amount" {
  description = "Monthly cost limit in limit_unit."
  type        = number

  validation {
    condition     = var.limit_amount > 0
    error_message = "limit_amount must be greater than 0."
  }
}

variable "limit_unit" {
  description = "Currency of the limit."
  type        = string
  default     = "USD"

  validation {
    condition     = can(regex("^[A-Z]{3}$", var.limit_unit))
    error_message = "limit_unit must be a three-letter currency code such as USD."
  }
}

variable "cost_filter_tags" {
  description = "Cost allocation tags the budget counts, tag key => accepted values (e.g. { service = [\"orders\"], environment = [\"prod\"] }). Empty counts the whole account. The tags must be activated as cost allocation tags."
  type        = map(list(string))
  default     = {}

  validation {
    condition     = !anytrue([for ok in [for key, values in var.cost_filter_tags : can(regex("^[A-Za-z0-9_.:/=+@-]{1,128}$", key)) && length(values) > 0] : !ok])
    error_message = "cost_filter_tags keys must be tag keys (1-128 characters, no $) with at least one value each."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for values in values(var.cost_filter_tags) : [for value in values : length(value) <= 256 && !strcontains(value, "$")]]) : !ok])
    error_message = "cost_filter_tags values must be at most 256 characters and may not contain $."
  }
}

variable "actual_thresholds" {
  description = "Percentages of the limit at which ACTUAL spend notifies (at least one)."
  type        = list(number)
  default     = [80, 100]

  validation {
    condition     = length(var.actual_thresholds) > 0 && !anytrue([for ok in [for t in var.actual_thresholds : t > 0 && t <= 1000] : !ok])
    error_message = "actual_thresholds needs at least one percentage, each in (0, 1000]."
  }
}

variable "forecasted_thresholds" {
  description = "Percentages of the limit at which FORECASTED spend notifies (at least one)."
  type        = list(number)
  default     = [100]

  validation {
    condition     = length(var.forecasted_thresholds) > 0 && !anytrue([for ok in [for t in var.forecasted_thresholds : t > 0 && t <= 1000] : !ok])
    error_message = "forecasted_thresholds needs at least one percentage, each in (0, 1000]."
  }
}

variable "subscriber_emails" {
  description = "E-mail addresses Budgets notifies directly at every threshold (at most 10, the Budgets limit next to the SNS topic)."
  type        = list(string)

  validation {
    condition     = length(var.subscriber_emails) > 0 && length(var.subscriber_emails) <= 10
    error_message = "subscriber_emails needs 1-10 addresses: an alert that reaches nobody is not an alert."
  }

  validation {
    condition     = !anytrue([for ok in [for email in var.subscriber_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))] : !ok])
    error_message = "subscriber_emails must be e-mail addresses."
  }
}

variable "topic_email_subscriptions" {
  description = "E-mail addresses subscribed to the alert topic (they receive budget and anomaly alerts; each must confirm)."
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for ok in [for email in var.topic_email_subscriptions : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))] : !ok])
    error_message = "topic_email_subscriptions must be e-mail addresses."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before the topic's KMS key is deleted (7-30 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30 && floor(var.kms_deletion_window_in_days) == var.kms_deletion_window_in_days
    error_message = "kms_deletion_window_in_days must be a whole number from 7 to 30."
  }
}

variable "anomaly_detection" {
  description = "Cost Anomaly Detection: a per-service monitor and an immediate SNS subscription for anomalies whose total impact reaches impact_threshold (in USD)."
  type = object({
    enabled          = bool
    impact_threshold = optional(number, 50)
  })
  default = { enabled = false }

  validation {
    condition     = var.anomaly_detection.impact_threshold > 0
    error_message = "anomaly_detection.impact_threshold must be greater than 0."
  }
}

variable "budget_action" {
  description = "Opt-in budget action: at threshold_percentage of ACTUAL spend, attach a deny policy (new functions, concurrency, capacity changes, plus extra_denied_actions) to role_names. approval_model MANUAL waits for someone to approve in the console; AUTOMATIC applies it at once. Null (default) creates no action."
  type = object({
    threshold_percentage = number
    role_names           = list(string)
    approval_model       = optional(string, "MANUAL")
    extra_denied_actions = optional(list(string), [])
  })
  default = null

  validation {
    condition     = var.budget_action == null || try(var.budget_action.threshold_percentage > 0 && var.budget_action.threshold_percentage <= 1000, false)
    error_message = "budget_action.threshold_percentage must be in (0, 1000]."
  }

  validation {
    condition     = var.budget_action == null || try(length(var.budget_action.role_names) > 0 && !anytrue([for ok in [for role in var.budget_action.role_names : can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", role))] : !ok]), false)
    error_message = "budget_action.role_names needs at least one IAM role name."
  }

  validation {
    condition     = var.budget_action == null || try(contains(["MANUAL", "AUTOMATIC"], var.budget_action.approval_model), false)
    error_message = "budget_action.approval_model must be MANUAL or AUTOMATIC."
  }

  validation {
    condition     = var.budget_action == null || try(!anytrue([for ok in [for action in var.budget_action.extra_denied_actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9*]+$", action))] : !ok]), false)
    error_message = "budget_action.extra_denied_actions must be IAM actions such as ec2:RunInstances."
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
