variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource of the example (also the exports bucket's name prefix, so it must suit S3: lowercase letters, digits and hyphens)."
  type        = string
  default     = "slsguard-order-exports"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lowercase letters, digits and hyphens (it names the S3 bucket)."
  }
}

variable "zip_path" {
  description = "Path of the functions' deployment zip, built from ./src with `slsguard zip src build/function.zip` (terraform cannot build it: no archive provider)."
  type        = string
}

variable "exports_force_destroy" {
  description = "Let `terraform destroy` delete the exports bucket with its objects; off by default so exports are not lost by accident."
  type        = bool
  default     = false
}
