variable "name" {
  description = "Name of the REST API; also prefixes its log group, usage plans, API keys, alarms and permission statement ids."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,48}$", var.name))
    error_message = "name must be 1-48 characters of letters, digits, '_' and '-'."
  }
}

variable "description" {
  description = "Description of the API."
  type        = string
  default     = null
}

variable "stage_name" {
  description = "Name of the stage the API is deployed to."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.stage_name))
    error_message = "stage_name must be 1-64 letters, digits, '_' and '-'."
  }
}

variable "routes" {
  description = <<-EOT
    Routes keyed "<METHOD> /<path>" (at most three path segments, e.g. "GET /orders/{id}/items"),
    each a Lambda proxy integration. authorization is "none" (the default) or "iam". Every
    method requires an API key while usage_plans exist, except routes marked public = true; a
    route that has neither IAM, an API key nor public = true is refused. required_parameters
    ("method.request.querystring.x", "method.request.header.y") are checked by the request
    validator. throttling overrides the stage default for this method.
  EOT
  type = map(object({
    function_arn        = string
    function_name       = string
    authorization       = optional(string, "none")
    public              = optional(bool, false)
    required_parameters = optional(list(string), [])
    throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }))
  }))

  validation {
    condition     = length(var.routes) > 0
    error_message = "routes must name at least one route."
  }

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.routes) : can(regex("^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /(([A-Za-z0-9._~-]+|\\{[A-Za-z0-9_]+\\+?\\})(/([A-Za-z0-9._~-]+|\\{[A-Za-z0-9_]+\\+?\\})){0,2})?$", key))] : !ok])
    error_message = "route keys must be \"<METHOD> /<path>\" with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS and at most three path segments (literal or {param})."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$", route.function_arn))] : !ok])
    error_message = "every route's function_arn must be a Lambda function ARN (optionally with a version or alias)."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : can(regex("^[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$", route.function_name))] : !ok])
    error_message = "every route's function_name must be a Lambda function name (optionally name:alias), not an ARN."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : contains(["none", "iam"], route.authorization)] : !ok])
    error_message = "a route's authorization must be \"none\" or \"iam\"."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : !(route.public && route.authorization == "iam")] : !ok])
    error_message = "a route cannot use IAM authorization and be public at the same time."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for route in var.routes : [for parameter in route.required_parameters : can(regex("^method\\.request\\.(querystring|header|path)\\.[A-Za-z0-9_.-]+$", parameter))]]) : !ok])
    error_message = "required_parameters must look like method.request.querystring.<name>, method.request.header.<name> or method.request.path.<name>."
  }

  validation {
    condition = !anytrue([for ok in [for route in var.routes : route.throttling == null || try(
      route.throttling.burst_limit >= 0 && route.throttling.rate_limit >= 0 && floor(route.throttling.burst_limit) == route.throttling.burst_limit, false
    )] : !ok])
    error_message = "route throttling needs a whole burst_limit >= 0 and a rate_limit >= 0 (requests per second)."
  }
}

variable "throttling_burst_limit" {
  description = "Default burst limit (requests) of every method on the stage. Required: an unthrottled API lets one client exhaust the account's API Gateway and Lambda concurrency."
  type        = number

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number between 1 and 5000 (the account default cap)."
  }
}

variable "throttling_rate_limit" {
  description = "Default steady-state rate limit (requests per second) of every method on the stage. Required, like the burst limit."
  type        = number

  validation {
    condition     = var.throttling_rate_limit > 0 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be greater than 0 and at most 10000 requests per second (the account default cap)."
  }
}

variable "usage_plans" {
  description = <<-EOT
    Usage plan tiers keyed by tier name ("free", "pro" ...): per-key rate (requests per second),
    burst and a quota (requests per DAY, WEEK or MONTH). While any tier exists, methods require an
    API key (public routes excepted).
  EOT
  type = map(object({
    description = optional(string)
    rate_limit  = number
    burst_limit = number
    quota = object({
      limit  = number
      period = string
    })
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for tier in keys(var.usage_plans) : can(regex("^[a-z0-9][a-z0-9_-]{0,31}$", tier))] : !ok])
    error_message = "usage plan tier names must be 1-32 lowercase letters, digits, '_' and '-'."
  }

  validation {
    condition     = !anytrue([for ok in [for plan in var.usage_plans : plan.rate_limit > 0 && plan.burst_limit >= 1 && floor(plan.burst_limit) == plan.burst_limit] : !ok])
    error_message = "every usage plan needs rate_limit > 0 and a whole burst_limit >= 1."
  }

  validation {
    condition     = !anytrue([for ok in [for plan in var.usage_plans : plan.quota.limit >= 1 && floor(plan.quota.limit) == plan.quota.limit && contains(["DAY", "WEEK", "MONTH"], plan.quota.period)] : !ok])
    error_message = "every usage plan quota needs a whole limit >= 1 and a period of DAY, WEEK or MONTH."
  }
}

variable "api_keys" {
  description = "API keys keyed by tenant, each attached to a usage plan tier. AWS generates the values; the module outputs only key ids (read a value with `aws apigateway get-api-key --include-value`)."
  type = map(object({
    tier    = string
    enabled = optional(bool, true)
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for tenant in keys(var.api_keys) : can(regex("^[A-Za-z0-9_-]{1,64}$", tenant))] : !ok])
    error_message = "api_keys tenant names must be 1-64 letters, digits, '_' and '-'."
  }
}

variable "xray_tracing_enabled" {
  description = "Trace requests with AWS X-Ray on the stage."
  type        = bool
  default     = true
}

variable "cache" {
  description = "Stage cache: cluster size (GB, one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237) and TTL. The cache is always encrypted. null (default): no cache."
  type = object({
    size        = string
    ttl_seconds = optional(number, 300)
  })
  default = null

  validation {
    condition     = var.cache == null || try(contains(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"], var.cache.size) && var.cache.ttl_seconds >= 0 && var.cache.ttl_seconds <= 3600, false)
    error_message = "cache.size must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 and cache.ttl_seconds between 0 and 3600."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the access log group. Its key policy must let logs.<region>.amazonaws.com use it for this log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "log_retention_days" {
  description = "Retention of the access log group in days. Required: logs that never expire grow cost and exposure forever."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (never-expire is refused)."
  }
}

variable "web_acl_arn" {
  description = "ARN of a regional WAFv2 web ACL to associate with the stage; null: none."
  type        = string
  default     = null

  validation {
    condition     = var.web_acl_arn == null || can(regex("^arn:aws[a-zA-Z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]+/[A-Za-z0-9-]+$", var.web_acl_arn))
    error_message = "web_acl_arn must be the ARN of a regional WAFv2 web ACL."
  }
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (5XXError rate, p99 latency). Switching them off must be explicit."
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

variable "error_rate_alarm_percent" {
  description = "The 5XXError alarm fires when the average 5XXError rate of a 5-minute window reaches this percentage."
  type        = number
  default     = 5

  validation {
    condition     = var.error_rate_alarm_percent > 0 && var.error_rate_alarm_percent <= 100
    error_message = "error_rate_alarm_percent must be greater than 0 and at most 100."
  }
}

variable "latency_alarm_p99_ms" {
  description = "The latency alarm fires when the p99 latency of a 5-minute window reaches this many milliseconds."
  type        = number
  default     = 3000

  validation {
    condition     = var.latency_alarm_p99_ms >= 10 && var.latency_alarm_p99_ms <= 29000
    error_message = "latency_alarm_p99_ms must be between 10 and 29000 (the REST integration timeout cap)."
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
