variable "region" {
  description = "Region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource of the example."
  type        = string
  default     = "slsguard-order-documents"
}

variable "image_digest" {
  description = "Digest of the function's image in the example's repository, as `docker push` or the pipeline prints it (sha256:<64 hex digits>); the default is a placeholder for planning the example."
  type        = string
  default     = "sha256:9b2f6a4c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a"

  validation {
    condition     = can(regex("^sha256:[a-f0-9]{64}$", var.image_digest))
    error_message = "image_digest must be sha256:<64 hex digits>."
  }
}
