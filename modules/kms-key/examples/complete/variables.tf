variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name of the key (alias/<name>) and prefix of the example's roles."
  type        = string
  default     = "slsguard-orders"
}
