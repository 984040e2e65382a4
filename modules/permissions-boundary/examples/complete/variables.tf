variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "prefix" {
  description = "Resource name prefix of the workload the boundary caps."
  type        = string
  default     = "orders"
}
