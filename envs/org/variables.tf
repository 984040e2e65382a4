variable "region" {
  description = "Region of the provider (AWS Organizations itself is global)."
  type        = string
  default     = "eu-west-1"
}

variable "allowed_regions" {
  description = "Regions the organisation may use; every other region is denied (global services exempt)."
  type        = list(string)
  default     = ["eu-west-1"]
}

variable "environments" {
  description = "Environments of the orders service, one organisational unit each. The boundary and deployer role names follow the orders-service composition (orders-<env>-boundary, orders-<env>-deployer)."
  type        = set(string)
  default     = ["dev", "staging", "prod"]

  validation {
    condition     = length(var.environments) > 0 && alltrue([for env in var.environments : can(regex("^[a-z][a-z0-9]{1,15}$", env))])
    error_message = "environments must be 2-16 lowercase letters and digits each."
  }
}

variable "break_glass_role_name" {
  description = "Role of the platform team exempt from the tampering, region and boundary denies (an exemption that has to be a decision)."
  type        = string
  default     = "platform-break-glass"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.break_glass_role_name))
    error_message = "break_glass_role_name must be an IAM role name."
  }
}
