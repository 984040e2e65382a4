variable "name" {
  description = "Name of the table; also prefixes alarm and autoscaling policy names."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,200}$", var.name))
    error_message = "name must be 3-200 characters of letters, digits, underscores, hyphens and dots."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the table (server-side encryption)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

variable "hash_key" {
  description = "Partition key attribute name; must be declared in attributes."
  type        = string

  validation {
    condition     = length(var.hash_key) >= 1 && length(var.hash_key) <= 255
    error_message = "hash_key must be 1-255 characters."
  }
}

variable "range_key" {
  description = "Sort key attribute name (optional); must be declared in attributes. Required for local secondary indexes."
  type        = string
  default     = null

  validation {
    condition     = var.range_key == null || try(length(var.range_key) >= 1 && length(var.range_key) <= 255, false)
    error_message = "range_key must be 1-255 characters or null."
  }
}

variable "attributes" {
  description = "Key attributes of the table and its indexes: name => type (\"S\" string, \"N\" number, \"B\" binary). Declare exactly the attributes some key uses; DynamoDB rejects unused definitions."
  type        = map(string)

  validation {
    condition     = length(var.attributes) > 0 && !anytrue([for ok in [for type in values(var.attributes) : contains(["S", "N", "B"], type)] : !ok])
    error_message = "attributes must map at least one attribute name to \"S\", \"N\" or \"B\"."
  }
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST (on-demand, the default) or PROVISIONED (then provisioned_capacity is required and autoscaling manages the capacity of the table and every GSI)."
  type        = string
  default     = "PAY_PER_REQUEST"

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.billing_mode)
    error_message = "billing_mode must be PAY_PER_REQUEST or PROVISIONED."
  }
}

variable "provisioned_capacity" {
  description = "PROVISIONED only: autoscaling bounds of the table's read and write capacity units. GSIs without their own bounds use these."
  type = object({
    read  = object({ min = number, max = number })
    write = object({ min = number, max = number })
  })
  default = null

  validation {
    condition = var.provisioned_capacity == null || !anytrue([for ok in [
      for bounds in try([var.provisioned_capacity.read, var.provisioned_capacity.write], []) :
      bounds.min >= 1 && bounds.max >= bounds.min && bounds.max <= 40000
    ] : !ok])
    error_message = "provisioned_capacity read/write need 1 <= min <= max <= 40000."
  }
}

variable "autoscaling_target_utilization" {
  description = "PROVISIONED only: target consumed/provisioned capacity percentage of the target tracking policies (20-90)."
  type        = number
  default     = 70

  validation {
    condition     = var.autoscaling_target_utilization >= 20 && var.autoscaling_target_utilization <= 90
    error_message = "autoscaling_target_utilization must be between 20 and 90 percent."
  }
}

variable "global_secondary_indexes" {
  description = "Global secondary indexes keyed by index name. projection_type ALL (default), KEYS_ONLY or INCLUDE (with non_key_attributes). provisioned_capacity overrides the table's autoscaling bounds for this index (PROVISIONED only)."
  type = map(object({
    hash_key           = string
    range_key          = optional(string)
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string), [])
    provisioned_capacity = optional(object({
      read  = object({ min = number, max = number })
      write = object({ min = number, max = number })
    }))
  }))
  default = {}

  validation {
    condition     = length(var.global_secondary_indexes) <= 20 && !anytrue([for ok in [for name in keys(var.global_secondary_indexes) : can(regex("^[A-Za-z0-9_.-]{3,255}$", name))] : !ok])
    error_message = "at most 20 global secondary indexes, named with 3-255 letters, digits, underscores, hyphens or dots."
  }

  validation {
    condition = !anytrue([for ok in [for index in var.global_secondary_indexes :
      contains(["ALL", "KEYS_ONLY", "INCLUDE"], index.projection_type) &&
      (index.projection_type == "INCLUDE") == (length(index.non_key_attributes) > 0)
    ] : !ok])
    error_message = "global secondary index projection_type must be ALL, KEYS_ONLY or INCLUDE, and non_key_attributes are required with INCLUDE and only with INCLUDE."
  }

  validation {
    condition = !anytrue([for ok in flatten([for index in var.global_secondary_indexes : [
      for bounds in index.provisioned_capacity == null ? [] : [index.provisioned_capacity.read, index.provisioned_capacity.write] :
      bounds.min >= 1 && bounds.max >= bounds.min && bounds.max <= 40000
    ]]) : !ok])
    error_message = "global secondary index provisioned_capacity read/write need 1 <= min <= max <= 40000."
  }
}

variable "local_secondary_indexes" {
  description = "Local secondary indexes keyed by index name (same partition key, another sort key). They can only be created together with the table."
  type = map(object({
    range_key          = string
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = length(var.local_secondary_indexes) <= 5 && !anytrue([for ok in [for name in keys(var.local_secondary_indexes) : can(regex("^[A-Za-z0-9_.-]{3,255}$", name))] : !ok])
    error_message = "at most 5 local secondary indexes, named with 3-255 letters, digits, underscores, hyphens or dots."
  }

  validation {
    condition = !anytrue([for ok in [for index in var.local_secondary_indexes :
      contains(["ALL", "KEYS_ONLY", "INCLUDE"], index.projection_type) &&
      (index.projection_type == "INCLUDE") == (length(index.non_key_attributes) > 0)
    ] : !ok])
    error_message = "local secondary index projection_type must be ALL, KEYS_ONLY or INCLUDE, and non_key_attributes are required with INCLUDE and only with INCLUDE."
  }
}

variable "ttl_attribute_name" {
  description = "Attribute holding each item's expiry (epoch seconds); null leaves time to live off."
  type        = string
  default     = null

  validation {
    condition     = var.ttl_attribute_name == null || try(length(var.ttl_attribute_name) >= 1 && length(var.ttl_attribute_name) <= 255, false)
    error_message = "ttl_attribute_name must be 1-255 characters or null."
  }
}

variable "stream_view_type" {
  description = "Enables the DynamoDB stream with this view: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES (required by replicas). null leaves the stream off."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null || contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], coalesce(var.stream_view_type, "none"))
    error_message = "stream_view_type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES or null."
  }
}

variable "table_class" {
  description = "STANDARD or STANDARD_INFREQUENT_ACCESS."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "STANDARD_INFREQUENT_ACCESS"], var.table_class)
    error_message = "table_class must be STANDARD or STANDARD_INFREQUENT_ACCESS."
  }
}

variable "point_in_time_recovery_enabled" {
  description = "Continuous backups with point-in-time recovery (35 days). On by default."
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Deletion protection. On by default; turning it off also requires deletion_protection_off_reason."
  type        = bool
  default     = true
}

variable "deletion_protection_off_reason" {
  description = "Required when deletion_protection_enabled is false: why this table may be deleted (e.g. \"ephemeral preview environment\"). It is recorded on the table as the tag slsguard:deletion-protection-off, so the decision stays visible and reviewable."
  type        = string
  default     = null

  validation {
    # Tag value rules, and long enough to be an actual reason.
    condition     = var.deletion_protection_off_reason == null || can(regex("^[A-Za-z0-9 +=._:/@-]{10,256}$", var.deletion_protection_off_reason))
    error_message = "deletion_protection_off_reason must be 10-256 characters of letters, digits, spaces and + = . _ : / @ -."
  }
}

variable "replicas" {
  description = "Global table replicas keyed by region, each encrypted with a customer KMS key of that region. Requires stream_view_type = NEW_AND_OLD_IMAGES."
  type = map(object({
    kms_key_arn                    = string
    point_in_time_recovery_enabled = optional(bool, true)
    propagate_tags                 = optional(bool, true)
  }))
  default = {}

  validation {
    condition = !anytrue([for ok in [for region, replica in var.replicas :
      can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", region)) &&
      can(regex("^arn:aws[a-zA-Z-]*:kms:${region}:[0-9]{12}:key/[A-Za-z0-9-]+$", replica.kms_key_arn))
    ] : !ok])
    error_message = "replicas must be keyed by region name, each with the ARN of a customer managed KMS key in that same region."
  }
}

variable "contributor_insights_enabled" {
  description = "CloudWatch Contributor Insights (most accessed and most throttled keys) on the table and every GSI."
  type        = bool
  default     = false
}

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (read/write throttle events of the table and every GSI, system errors). Switching them off must be explicit."
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

variable "throttle_alarm_threshold" {
  description = "Throttle alarms fire when at least this many read or write requests are throttled within 5 minutes."
  type        = number
  default     = 1

  validation {
    condition     = var.throttle_alarm_threshold >= 1
    error_message = "throttle_alarm_threshold must be at least 1."
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
