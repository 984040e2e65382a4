# Inputs of the orders-service composition. envs/<env>/main.tf fills them from config.json, whose
# schema (policies/schemas/env-config.schema.json) states the same rules for people editing it.

variable "environment" {
  description = "Environment name (dev, staging, prod): part of every resource name and the `environment` tag."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,15}$", var.environment))
    error_message = "environment must be 2-16 lowercase letters and digits, starting with a letter."
  }
}

variable "owner" {
  description = "Team that owns the environment (the `owner` tag)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9 ._:/@-]{1,63}$", var.owner))
    error_message = "owner must be 2-64 characters of letters, digits, spaces and ._:/@-."
  }
}

variable "function_zip_path" {
  description = "Deployment zip of envs/orders-service/functions/orders (built by `slsguard zip`), shared by the api, worker, notifier and reconciler functions."
  type        = string

  validation {
    condition     = endswith(var.function_zip_path, ".zip")
    error_message = "function_zip_path must name a .zip file."
  }
}

variable "functions" {
  description = "Memory (MB), timeout (s), reserved and provisioned concurrency of the api, worker, notifier and reconciler functions; the worker also takes its SQS batch size and the maximum concurrency of its event source mapping."
  type = object({
    api = object({
      memory_mb               = number
      timeout_seconds         = number
      reserved_concurrency    = number
      provisioned_concurrency = optional(number, 0)
    })
    worker = object({
      memory_mb               = number
      timeout_seconds         = number
      reserved_concurrency    = number
      provisioned_concurrency = optional(number, 0)
      batch_size              = optional(number, 10)
      maximum_concurrency     = number
    })
    notifier = object({
      memory_mb               = number
      timeout_seconds         = number
      reserved_concurrency    = number
      provisioned_concurrency = optional(number, 0)
    })
    reconciler = object({
      memory_mb               = number
      timeout_seconds         = number
      reserved_concurrency    = number
      provisioned_concurrency = optional(number, 0)
    })
  })

  validation {
    condition     = alltrue([for f in values(var.functions) : f.reserved_concurrency >= 1 && f.provisioned_concurrency <= f.reserved_concurrency])
    error_message = "every function needs reserved_concurrency >= 1 and provisioned_concurrency <= reserved_concurrency."
  }

  validation {
    condition     = var.functions.worker.maximum_concurrency >= 2 && var.functions.worker.maximum_concurrency <= var.functions.worker.reserved_concurrency
    error_message = "functions.worker.maximum_concurrency must be between 2 and the worker's reserved_concurrency."
  }
}

variable "log_retention_days" {
  description = "Retention of every log group of the service (function logs, API access logs)."
  type        = number
}

variable "table_deletion_protection" {
  description = "Deletion protection of the orders table; switching it off needs a reason, recorded on the table."
  type = object({
    enabled    = bool
    off_reason = optional(string)
  })
  default = { enabled = true }

  validation {
    condition     = var.table_deletion_protection.enabled || try(length(var.table_deletion_protection.off_reason) >= 10, false)
    error_message = "table_deletion_protection.off_reason (10 characters or more) is required when deletion protection is off."
  }
}

variable "work_queue" {
  description = "The queue from the api to the worker: receives before dead-lettering, retention, and the age of the oldest message that raises the alarm."
  type = object({
    max_receive_count                = number
    message_retention_seconds        = number
    oldest_message_age_alarm_seconds = number
  })
}

variable "http_api" {
  description = "The public HTTP API: the JWT issuer and audiences it accepts, and its stage throttling."
  type = object({
    jwt_issuer             = string
    jwt_audience           = list(string)
    throttling_burst_limit = number
    throttling_rate_limit  = number
  })

  validation {
    condition     = startswith(var.http_api.jwt_issuer, "https://") && length(var.http_api.jwt_audience) > 0
    error_message = "http_api.jwt_issuer must be an https URL and jwt_audience must name at least one audience."
  }
}

variable "partner_api" {
  description = "The partner REST API: stage throttling, and its usage-plan tiers keyed by tier name with a per-key steady rate (requests/s), burst and monthly quota."
  type = object({
    throttling_burst_limit = number
    throttling_rate_limit  = number
    tiers = map(object({
      rate_limit      = number
      burst_limit     = number
      quota_per_month = number
    }))
  })

  validation {
    condition     = length(var.partner_api.tiers) >= 2
    error_message = "partner_api.tiers needs at least two tiers."
  }
}

variable "event_bus" {
  description = "The orders bus: days its archive keeps events for replay (0: no archive), and how long EventBridge retries delivering an event to the notifier before dead-lettering it."
  type = object({
    archive_retention_days         = number
    notifier_retry_attempts        = number
    notifier_max_event_age_seconds = number
  })
}

variable "reconciliation" {
  description = "The nightly reconciliation: when the schedule starts it (expression, IANA time zone, flexible window in minutes or null), which orders it looks at (received from lookback_hours ago up to stale_after_minutes ago) and how it pages through the table (items per page, most pages per run before the run fails)."
  type = object({
    schedule_expression     = string
    timezone                = string
    flexible_window_minutes = optional(number)
    lookback_hours          = number
    stale_after_minutes     = number
    page_size               = number
    max_pages               = number
  })

  validation {
    condition     = var.reconciliation.stale_after_minutes >= 5 && var.reconciliation.stale_after_minutes < var.reconciliation.lookback_hours * 60 && var.reconciliation.lookback_hours <= 720
    error_message = "reconciliation needs stale_after_minutes >= 5 (the worker may still be announcing younger orders) and below lookback_hours (at most 720) in minutes."
  }

  validation {
    condition     = var.reconciliation.page_size >= 1 && var.reconciliation.page_size <= 1000 && var.reconciliation.max_pages >= 1 && var.reconciliation.max_pages <= 1000
    error_message = "reconciliation.page_size and reconciliation.max_pages must each be between 1 and 1000 (a Standard execution's history holds about 5 events per page)."
  }
}

variable "alarms" {
  description = "Alarm thresholds and the e-mail addresses subscribed to the alerts topic."
  type = object({
    function_errors_threshold = number
    api_5xx_rate_percent      = number # both APIs
    api_p99_latency_ms        = number # both APIs
    email_subscribers         = optional(list(string), [])
  })
}

variable "budget" {
  description = "Monthly cost budget of the environment (USD) with its ACTUAL and FORECASTED alert percentages and subscribers."
  type = object({
    monthly_limit_usd            = number
    actual_alert_percentages     = list(number)
    forecasted_alert_percentages = list(number)
    email_subscribers            = list(string)
  })

  validation {
    condition     = length(var.budget.actual_alert_percentages) > 0 && length(var.budget.forecasted_alert_percentages) > 0 && length(var.budget.email_subscribers) > 0
    error_message = "budget needs at least one ACTUAL and one FORECASTED alert percentage and at least one subscriber."
  }
}
