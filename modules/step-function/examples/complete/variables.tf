variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource of the example."
  type        = string
  default     = "slsguard-reconcile"
}

variable "zip_path" {
  description = "Path of the reconcile function's deployment zip, built from ./src with `slsguard zip src build/function.zip` (terraform cannot build it: no archive provider)."
  type        = string
}
