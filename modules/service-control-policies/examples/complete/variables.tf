variable "region" {
  description = "Region of the provider (Organizations itself is global)."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of the policies."
  type        = string
  default     = "slsguard-guardrails"
}

variable "allowed_regions" {
  description = "Regions the organization may use."
  type        = list(string)
  default     = ["eu-west-1", "eu-central-1"]
}
