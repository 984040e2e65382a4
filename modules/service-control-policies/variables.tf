variable "name" {
  description = "Name prefix of the policies; they are named \"<name>-01\", \"<name>-02\" … in packing order."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,120}$", var.name))
    error_message = "name must be 1-120 letters, digits, hyphens or underscores (the module appends \"-NN\")."
  }
}

variable "statement_ids" {
  description = "Ids of the catalogue statements to enforce: file names under policies/scp/ without .json (see README for the list and what each one needs)."
  type        = list(string)

  validation {
    condition     = length(var.statement_ids) <= 12 && length(distinct(var.statement_ids)) == length(var.statement_ids)
    error_message = "statement_ids must hold at most 12 distinct ids."
  }

  validation {
    condition     = !anytrue([for ok in [for id in var.statement_ids : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", id))] : !ok])
    error_message = "statement_ids are kebab-case file names of policies/scp/ (e.g. deny-leave-organization)."
  }
}

variable "custom_statements" {
  description = "Extra statements packed with the catalogue, keyed by a kebab-case id: each value is the JSON of one statement with a unique Sid (jsonencode({...}))."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(var.custom_statements) <= 8
    error_message = "custom_statements may hold at most 8 statements (the packing is unrolled for 20 statements in all)."
  }

  validation {
    condition     = !anytrue([for ok in [for id in keys(var.custom_statements) : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", id))] : !ok])
    error_message = "custom_statements keys must be kebab-case ids."
  }

  validation {
    condition = !anytrue([for ok in [for text in values(var.custom_statements) : try(
      contains(["Allow", "Deny"], jsondecode(text).Effect) && can(regex("^[A-Za-z0-9]+$", jsondecode(text).Sid))
      && (can(jsondecode(text).Action) || can(jsondecode(text).NotAction)),
    false)] : !ok])
    error_message = "every custom statement must be a JSON object with an alphanumeric Sid, Effect Allow or Deny, and Action or NotAction."
  }
}

variable "allowed_regions" {
  description = "Regions the deny-regions-outside-allow-list statement leaves open (global services are exempt through NotAction)."
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for ok in [for region in var.allowed_regions : can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", region))] : !ok])
    error_message = "allowed_regions must be region names such as eu-west-1."
  }
}

variable "approved_boundary_arn" {
  description = "ARN of the approved permissions boundary (the permissions-boundary module's policy_arn): deny-role-without-approved-boundary refuses roles created or re-bounded with any other. Must be known at plan time."
  type        = string
  default     = null

  validation {
    condition     = var.approved_boundary_arn == null || can(regex("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}|\\*):policy/[A-Za-z0-9+=,.@_/-]+$", var.approved_boundary_arn))
    error_message = "approved_boundary_arn must be an IAM policy ARN (arn:<partition>:iam::<account or *>:policy/<path><name>)."
  }
}

variable "workload_role_arn_patterns" {
  description = "ARN patterns (ArnLike) of the roles allowed to create Lambda functions and change their concurrency; deny-lambda-outside-workload-roles denies everybody else."
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for ok in [for arn in var.workload_role_arn_patterns : can(regex("^arn:(aws[a-zA-Z-]*|\\*):iam::([0-9]{12}|\\*):role/[A-Za-z0-9+=,.@_/*?-]+$", arn))] : !ok])
    error_message = "workload_role_arn_patterns must be IAM role ARN patterns (wildcards allowed in the account and the role name)."
  }
}

variable "exempt_principal_arn_patterns" {
  description = "ARN patterns (ArnLike) of break-glass or platform roles exempt from the statements that use it (tampering, region and boundary denies); required when such a statement is chosen, so that the exemption is a decision."
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for ok in [for arn in var.exempt_principal_arn_patterns : can(regex("^arn:(aws[a-zA-Z-]*|\\*):iam::([0-9]{12}|\\*):role/[A-Za-z0-9+=,.@_/*?-]+$", arn))] : !ok])
    error_message = "exempt_principal_arn_patterns must be IAM role ARN patterns."
  }
}

variable "targets" {
  description = "Where every policy is attached: name => root id (r-…), organizational unit id (ou-…) or 12-digit account id. Keys must be known at plan time; ids may come from resources."
  type        = map(string)

  validation {
    condition     = !anytrue([for ok in [for id in values(var.targets) : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|[0-9]{12})$", id))] : !ok])
    error_message = "targets values must be root ids (r-…), organizational unit ids (ou-…-…) or 12-digit account ids."
  }

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.targets) : can(regex("^[A-Za-z0-9_-]{1,64}$", key))] : !ok])
    error_message = "targets keys must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "max_policies_per_target" {
  description = "How many of this module's policies a target may receive. AWS attaches at most 5 SCPs to a root, OU or account, and FullAWSAccess usually takes one slot."
  type        = number
  default     = 4

  validation {
    condition     = var.max_policies_per_target >= 1 && var.max_policies_per_target <= 5 && floor(var.max_policies_per_target) == var.max_policies_per_target
    error_message = "max_policies_per_target must be a whole number from 1 to 5."
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

variable "catalogue_dir" {
  description = "Directory of the statement catalogue (<id>.json, one statement each). Null means policies/scp of this repository, found next to the module in git and archive packages; set it to use your own catalogue or when the module directory is installed alone."
  type        = string
  default     = null
}
