variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name of the table and prefix of the other resources."
  type        = string
  default     = "slsguard-orders"
}

variable "deletion_protection_enabled" {
  description = "Deletion protection of the table; to tear the example down set false together with deletion_protection_off_reason (or switch it off on the table first)."
  type        = bool
  default     = true
}

variable "deletion_protection_off_reason" {
  description = "Why deletion protection is off; required exactly when deletion_protection_enabled is false."
  type        = string
  default     = null
}

variable "contributor_insights_enabled" {
  description = "Contributor Insights on the table and its GSI."
  type        = bool
  default     = true
}
