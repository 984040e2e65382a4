data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "sts" }
data "aws_caller_identity" "current" {}

locals {
  # The statements are data under policies/boundary/ at the root of this repository. Consumers
  # import this module by git ref (`//modules/permissions-boundary?ref=...`); Terraform extracts
  # the whole package and only reads the module from the sub-directory, so the relative path
  # stays valid in every consumer's module cache (see README). Sources that bring the module
  # directory alone (an absolute path, a registry package of one module) pass templates_dir.
  template_dir = coalesce(var.templates_dir, "${path.module}/../../policies/boundary")

  policy_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:policy${var.path}${var.name}"

  # Every placeholder a template may use. Values are validated to contain no quotes or
  # backslashes, so plain text substitution keeps the JSON valid.
  placeholders = {
    partition     = data.aws_partition.current.partition
    account_id    = data.aws_caller_identity.current.account_id
    region        = data.aws_service.current.region
    prefix        = var.resource_prefix
    boundary_name = var.name
    boundary_path = var.path
  }

  templates = { for file in sort(fileset(local.template_dir, "*.json")) : trimsuffix(file, ".json") => file("${local.template_dir}/${file}") }

  rendered = {
    for name, text in local.templates : name => replace(replace(replace(replace(replace(replace(text,
      "$${partition}", local.placeholders.partition),
      "$${account_id}", local.placeholders.account_id),
      "$${region}", local.placeholders.region),
      "$${prefix}", local.placeholders.prefix),
      "$${boundary_name}", local.placeholders.boundary_name),
    "$${boundary_path}", local.placeholders.boundary_path)
  }

  # A placeholder this module does not know stays as "${...}" in the text: fail instead of
  # shipping a policy that matches nothing.
  unrendered = { for name, text in local.rendered : name => regexall("\\$\\{[^}]*\\}", text) if length(regexall("\\$\\{[^}]*\\}", text)) > 0 }

  statements = flatten([for name in sort(keys(local.rendered)) : jsondecode(local.rendered[name])])
  document = jsonencode({
    Version   = "2012-10-17"
    Statement = local.statements
  })
}

resource "aws_iam_policy" "this" {
  name        = var.name
  path        = var.path
  description = var.description
  policy      = local.document

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(local.templates) > 0
      error_message = "no *.json statement templates found in ${local.template_dir}: a module source that copies modules/permissions-boundary alone must set templates_dir."
    }
    precondition {
      condition     = length(local.unrendered) == 0
      error_message = "policies/boundary templates use placeholders this module does not render: ${jsonencode(local.unrendered)}. Known placeholders: ${join(", ", keys(local.placeholders))}."
    }
    precondition {
      # Managed policies may hold 6,144 characters, not counting whitespace; jsonencode has none.
      condition     = length(local.document) <= 6144
      error_message = "the rendered boundary is ${length(local.document)} characters, above the 6,144 allowed for a managed policy."
    }
  }
}
