output "policies" {
  description = "Map of policy key (\"01\", \"02\" …) to its id, ARN, the statement ids it holds and its size in characters."
  value = {
    for key, policy in local.policies : key => {
      id            = aws_organizations_policy.this[key].id
      arn           = aws_organizations_policy.this[key].arn
      statement_ids = policy.statement_ids
      size          = length(policy.content)
    }
  }

  # Output preconditions fail the plan even when no policy would be created, so every input
  # problem surfaces with a sentence that names the offending statement or parameter.
  precondition {
    condition     = length(local.unknown_ids) == 0
    error_message = "statement_ids names statements that are not in policies/scp/: ${join(", ", local.unknown_ids)}. Available in ${local.catalogue_dir}: ${length(local.catalogue) > 0 ? join(", ", sort(keys(local.catalogue))) : "nothing (a source that copies the module directory alone needs catalogue_dir)"}."
  }
  precondition {
    condition     = length(local.colliding_ids) == 0
    error_message = "custom_statements reuse catalogue ids: ${join(", ", local.colliding_ids)}."
  }
  precondition {
    condition     = length(local.missing_parameters) == 0
    error_message = "chosen statements need parameters that are empty: ${join(", ", local.missing_parameters)}."
  }
  precondition {
    condition     = length(local.unrendered) == 0
    error_message = "statements use placeholders this module does not render: ${jsonencode(local.unrendered)}."
  }
  precondition {
    condition     = length(distinct(local.sids)) == length(local.sids) && !contains(local.sids, "")
    error_message = "every chosen statement needs its own non-empty Sid; got ${jsonencode(local.sids)}."
  }
  precondition {
    condition     = length(local.policies) <= var.max_policies_per_target
    error_message = "the chosen statements need ${length(local.policies)} policies, more than max_policies_per_target (${var.max_policies_per_target}) that a target may receive."
  }
}

output "policy_documents" {
  description = "Map of policy key to its minified JSON document, known at plan time."
  value       = { for key, policy in local.policies : key => policy.content }
}

output "attachment_ids" {
  description = "Map of \"<policy key>/<target name>\" to the attachment id."
  value       = { for key, attachment in aws_organizations_policy_attachment.this : key => attachment.id }
}
