variable "name" {
  description = "Name of the boundary policy. Workload roles reference it as their permissions boundary, and the boundary refuses any role change that would use another one."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits and +=,.@_- (IAM policy names)."
  }
}

variable "path" {
  description = "IAM path of the boundary policy."
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([A-Za-z0-9_+=,.@-]+/)*$", var.path)) && length(var.path) <= 512
    error_message = "path must start and end with \"/\" and hold only letters, digits and _+=,.@- between slashes."
  }
}

variable "resource_prefix" {
  description = "Name prefix of the workload's resources (tables, queues, topics, event buses, functions, log groups, roles, key aliases). The boundary allows data-plane access and iam:PassRole only on names starting with it."
  type        = string

  validation {
    # At least three characters so that the prefix actually narrows anything; no wildcards.
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$", var.resource_prefix))
    error_message = "resource_prefix must be 3-32 characters of letters, digits, hyphens and underscores, starting with a letter or digit (no wildcards)."
  }
}

variable "description" {
  description = "Description of the boundary policy."
  type        = string
  default     = "Permissions boundary of serverless workload roles: data plane and observability on prefixed resources, no privilege escalation, one region."

  validation {
    condition     = length(var.description) <= 1000
    error_message = "description must be at most 1000 characters."
  }
}

variable "tags" {
  description = "Tags merged onto every taggable resource."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for key, value in var.tags : length(key) < 1 || length(key) > 128 || startswith(lower(key), "aws:") || length(value) > 256])
    error_message = "tags keys must be 1-128 characters and not start with \"aws:\" (reserved by AWS); values at most 256 characters."
  }
}

variable "templates_dir" {
  description = "Directory of the boundary statement templates (*.json, each a list of statements). Null means policies/boundary of this repository, found next to the module in git and archive packages."
  type        = string
  default     = null
}
