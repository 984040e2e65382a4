variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource of the example."
  type        = string
  default     = "slsguard-order-status"
}

variable "zip_path" {
  description = "Path of the function's deployment zip, built from ./src with `slsguard zip src build/function.zip` (terraform cannot build it: no archive provider)."
  type        = string
}

variable "deletion_protection_enabled" {
  description = "Deletion protection of the table; to tear the example down set false together with deletion_protection_off_reason."
  type        = bool
  default     = true
}

variable "deletion_protection_off_reason" {
  description = "Why deletion protection is off; required exactly when deletion_protection_enabled is false."
  type        = string
  default     = null
}
