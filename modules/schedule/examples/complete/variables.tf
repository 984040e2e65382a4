variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource of the example."
  type        = string
  default     = "slsguard-nightly-export"
}
