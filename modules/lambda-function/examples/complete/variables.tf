variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource of the example."
  type        = string
  default     = "slsguard-orders-worker"
}

variable "zip_path" {
  description = "Path of the function's deployment zip, built from ./src with `slsguard zip src build/function.zip` (terraform cannot build it: no archive provider)."
  type        = string
}

variable "safe_rollout" {
  description = "Publish versions behind the \"live\" alias with one provisioned environment, shifted by CodeDeploy 10% canaries with rollback on errors. false deploys $LATEST directly."
  type        = bool
  default     = true
}

variable "table_deletion_protection" {
  description = "Deletion protection of the orders table; set false only to tear the example down."
  type        = bool
  default     = true
}
