variable "name" {
  description = "Name of the HTTP API; also prefixes its log group, alarms and permission statement ids."
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

variable "routes" {
  description = <<-EOT
    Routes keyed by route key ("POST /orders", "GET /orders/{id}", "ANY /{proxy+}" or "$default"),
    each a Lambda proxy integration (payload format 2.0). authorizer is a key of authorizers or
    "iam"; a route without authorizer must say public = true. throttling overrides the stage
    default for this route. The module adds one lambda permission per route, scoped to this API,
    the route's method and path.
  EOT
  type = map(object({
    function_arn         = string
    function_name        = string
    authorizer           = optional(string)
    authorization_scopes = optional(list(string), [])
    public               = optional(bool, false)
    timeout_milliseconds = optional(number, 30000)
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
    condition     = !anytrue([for ok in [for key in keys(var.routes) : key == "$default" || can(regex("^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[A-Za-z0-9._~{}+-]+)+$|^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /$", key))] : !ok])
    error_message = "route keys must be \"$default\" or \"<METHOD> /<path>\" with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS."
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
    condition     = !anytrue([for ok in [for route in var.routes : route.authorizer != null || route.public] : !ok])
    error_message = "a route without authorizer must be marked public = true explicitly."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : !(route.authorizer != null && route.public)] : !ok])
    error_message = "a route cannot have an authorizer and be public at the same time."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : length(route.authorization_scopes) == 0 || route.authorizer != null] : !ok])
    error_message = "authorization_scopes need an authorizer (JWT scopes are checked by a jwt authorizer)."
  }

  validation {
    condition     = !anytrue([for ok in [for route in var.routes : route.timeout_milliseconds >= 50 && route.timeout_milliseconds <= 30000] : !ok])
    error_message = "timeout_milliseconds must be between 50 and 30000 (the HTTP API maximum)."
  }

  validation {
    condition = !anytrue([for ok in [for route in var.routes : route.throttling == null || try(
      route.throttling.burst_limit >= 0 && route.throttling.rate_limit >= 0 && floor(route.throttling.burst_limit) == route.throttling.burst_limit, false
    )] : !ok])
    error_message = "route throttling needs a whole burst_limit >= 0 and a rate_limit >= 0 (requests per second)."
  }
}

variable "authorizers" {
  description = <<-EOT
    Authorizers keyed by a name that routes refer to. type "jwt" needs issuer and audience
    (identity source defaults to the Authorization header); type "lambda" is a REQUEST authorizer
    (payload 2.0, simple responses) calling function_arn/function_name, with the module adding the
    function's invoke permission scoped to this authorizer.
  EOT
  type = map(object({
    type               = string
    identity_sources   = optional(list(string), ["$request.header.Authorization"])
    issuer             = optional(string)
    audience           = optional(list(string), [])
    function_arn       = optional(string)
    function_name      = optional(string)
    result_ttl_seconds = optional(number, 300)
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.authorizers) : can(regex("^[A-Za-z0-9_-]{1,64}$", key)) && key != "iam"] : !ok])
    error_message = "authorizer keys must be 1-64 letters, digits, '_' and '-', and not \"iam\" (reserved for IAM authorization)."
  }

  validation {
    condition     = !anytrue([for ok in [for authorizer in var.authorizers : contains(["jwt", "lambda"], authorizer.type)] : !ok])
    error_message = "an authorizer's type must be \"jwt\" or \"lambda\"."
  }

  validation {
    condition = !anytrue([for ok in [for authorizer in var.authorizers : authorizer.type != "jwt" || (
      can(regex("^https://[^ ]+$", coalesce(authorizer.issuer, "-"))) && length(authorizer.audience) > 0 && authorizer.function_arn == null
    )] : !ok])
    error_message = "a jwt authorizer needs an https issuer and at least one audience, and no function."
  }

  validation {
    condition = !anytrue([for ok in [for authorizer in var.authorizers : authorizer.type != "lambda" || (
      can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$", coalesce(authorizer.function_arn, "-"))) &&
      can(regex("^[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$", coalesce(authorizer.function_name, "-"))) &&
      authorizer.issuer == null && length(authorizer.audience) == 0
    )] : !ok])
    error_message = "a lambda authorizer needs function_arn (a Lambda ARN) and function_name, and no issuer or audience."
  }

  validation {
    condition     = !anytrue([for ok in [for authorizer in var.authorizers : length(authorizer.identity_sources) > 0 && authorizer.result_ttl_seconds >= 0 && authorizer.result_ttl_seconds <= 3600] : !ok])
    error_message = "every authorizer needs at least one identity source, and result_ttl_seconds must be 0-3600."
  }
}

variable "throttling_burst_limit" {
  description = "Default burst limit (requests) of every route on the stage. Required: an unthrottled API lets one client exhaust the account's API Gateway and Lambda concurrency."
  type        = number

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number between 1 and 5000 (the account default cap)."
  }
}

variable "throttling_rate_limit" {
  description = "Default steady-state rate limit (requests per second) of every route on the stage. Required, like the burst limit."
  type        = number

  validation {
    condition     = var.throttling_rate_limit > 0 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be greater than 0 and at most 10000 requests per second (the account default cap)."
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

variable "cors" {
  description = "CORS settings answered by API Gateway itself; null: no CORS. allow_origins must list origins (\"*\" is refused together with allow_credentials)."
  type = object({
    allow_origins     = list(string)
    allow_methods     = optional(list(string), ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    allow_headers     = optional(list(string), ["authorization", "content-type"])
    expose_headers    = optional(list(string), [])
    allow_credentials = optional(bool, false)
    max_age_seconds   = optional(number, 300)
  })
  default = null

  validation {
    condition     = var.cors == null || try(length(var.cors.allow_origins) > 0 && !anytrue([for ok in [for origin in var.cors.allow_origins : origin == "*" || can(regex("^https?://[^/ ]+$", origin))] : !ok]), false)
    error_message = "cors.allow_origins must list at least one origin as scheme://host[:port] (or \"*\")."
  }

  validation {
    condition     = var.cors == null || try(!(var.cors.allow_credentials && contains(var.cors.allow_origins, "*")), false)
    error_message = "cors.allow_credentials cannot be combined with the \"*\" origin: name the origins."
  }

  validation {
    condition     = var.cors == null || try(var.cors.max_age_seconds >= 0 && var.cors.max_age_seconds <= 86400, false)
    error_message = "cors.max_age_seconds must be between 0 and 86400."
  }
}

variable "domain" {
  description = "Custom domain: name and the ARN of its ACM certificate (same region). When set, the domain uses TLS 1.2 and the default execute-api endpoint is disabled, so clients can only come through the domain. null (default): no custom domain."
  type = object({
    name            = string
    certificate_arn = string
  })
  default = null

  validation {
    condition     = var.domain == null || try(can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain.name)), false)
    error_message = "domain.name must be a lowercase DNS name such as api.example.com."
  }

  validation {
    condition     = var.domain == null || try(can(regex("^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$", var.domain.certificate_arn)), false)
    error_message = "domain.certificate_arn must be an ACM certificate ARN."
  }
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (5xx error rate, p99 latency). Switching them off must be explicit."
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
  description = "The 5xx alarm fires when at least this percentage of a 5-minute window's requests end in a 5xx response."
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
    condition     = var.latency_alarm_p99_ms >= 10 && var.latency_alarm_p99_ms <= 30000
    error_message = "latency_alarm_p99_ms must be between 10 and 30000 (the integration timeout cap)."
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
