data "aws_partition" "current" {}

locals {
  # The catalogue is data under policies/scp/ at the root of this repository, one statement per
  # file named by its id. Git and archive sources extract the whole package, so the relative path
  # holds in a consumer's module cache (see README); other sources pass catalogue_dir.
  catalogue_dir = coalesce(var.catalogue_dir, "${path.module}/../../policies/scp")
  catalogue     = { for file in fileset(local.catalogue_dir, "*.json") : trimsuffix(file, ".json") => file("${local.catalogue_dir}/${file}") }

  unknown_ids   = sort(tolist(setsubtract(var.statement_ids, keys(local.catalogue))))
  colliding_ids = sort(tolist(setintersection(keys(var.custom_statements), keys(local.catalogue))))

  templates = merge(
    { for id in var.statement_ids : id => local.catalogue[id] if contains(keys(local.catalogue), id) },
    var.custom_statements,
  )

  # List parameters replace the whole quoted placeholder ("${allowed_regions}" -> ["a","b"]) so
  # the catalogue files stay valid JSON; scalar parameters replace the placeholder text.
  list_parameters = {
    allowed_regions       = var.allowed_regions
    exempt_principal_arns = var.exempt_principal_arn_patterns
    workload_role_arns    = var.workload_role_arn_patterns
  }
  scalar_parameters = {
    partition             = data.aws_partition.current.partition
    approved_boundary_arn = coalesce(var.approved_boundary_arn, "")
  }

  rendered = {
    for id, text in local.templates : id => replace(replace(replace(replace(replace(text,
      "\"$${allowed_regions}\"", jsonencode(local.list_parameters.allowed_regions)),
      "\"$${exempt_principal_arns}\"", jsonencode(local.list_parameters.exempt_principal_arns)),
      "\"$${workload_role_arns}\"", jsonencode(local.list_parameters.workload_role_arns)),
      "$${partition}", local.scalar_parameters.partition),
    "$${approved_boundary_arn}", local.scalar_parameters.approved_boundary_arn)
  }

  # A parameter a chosen statement needs must have a value: an empty allow-list or exemption
  # list would turn the statement into "deny everything" or "exempt nobody" by accident.
  missing_parameters = sort(distinct(flatten([
    for id, text in local.templates : concat(
      [for name, value in local.list_parameters : "${name} (needed by ${id})" if strcontains(text, "$${${name}}") && length(value) == 0],
      [for name, value in local.scalar_parameters : "${name} (needed by ${id})" if strcontains(text, "$${${name}}") && value == ""],
    )
  ])))
  unrendered = { for id, text in local.rendered : id => regexall("\\$\\{[^}]*\\}", text) if length(regexall("\\$\\{[^}]*\\}", text)) > 0 }

  # Minified once: the size of each statement is exactly what it adds to a policy document.
  statements = { for id, text in local.rendered : id => jsondecode(text) }
  minified   = { for id, statement in local.statements : id => jsonencode(statement) }
  sids       = [for id, statement in local.statements : try(statement.Sid, "")]

  policies = {
    for index, bin in local.bins : format("%02d", index + 1) => {
      statement_ids = sort(bin.ids)
      content = jsonencode({
        Version   = "2012-10-17"
        Statement = [for id in sort(bin.ids) : local.statements[id]]
      })
    }
  }

  oversized = [for item in local.ordered : "${item.id} (${item.size + local.envelope_size} characters as the only statement of a policy)" if item.size + local.envelope_size > local.size_limit]
}

resource "aws_organizations_policy" "this" {
  for_each = local.policies

  name        = "${var.name}-${each.key}"
  description = substr("Guardrails: ${join(", ", each.value.statement_ids)}", 0, 512)
  type        = "SERVICE_CONTROL_POLICY"
  content     = each.value.content

  tags = var.tags

  lifecycle {
    precondition {
      # Packing never overfills a policy, so only a statement too big on its own lands here.
      condition     = length(each.value.content) <= local.size_limit
      error_message = "policy ${each.key} would be ${length(each.value.content)} characters, above the ${local.size_limit}-character SCP limit, because a statement alone exceeds it even minified: ${join(", ", local.oversized)}. Split or shorten it."
    }
  }
}

resource "aws_organizations_policy_attachment" "this" {
  for_each = {
    for pair in setproduct(keys(local.policies), keys(var.targets)) : "${pair[0]}/${pair[1]}" => {
      policy = pair[0]
      target = pair[1]
    }
  }

  policy_id = aws_organizations_policy.this[each.value.policy].id
  target_id = var.targets[each.value.target]
}
