data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "dynamodb" }
data "aws_caller_identity" "current" {}

locals {
  provisioned = var.billing_mode == "PROVISIONED"

  # Every attribute some key uses; DynamoDB wants exactly these declared, no more, no less.
  key_attributes = distinct(compact(concat(
    [var.hash_key, var.range_key],
    flatten([for index in var.global_secondary_indexes : [index.hash_key, index.range_key]]),
    [for index in var.local_secondary_indexes : index.range_key],
  )))

  # Known at plan time (built from the name), so the consumer statements are too.
  table_arn  = "arn:${data.aws_partition.current.partition}:dynamodb:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:table/${var.name}"
  index_arns = { for name in concat(keys(var.global_secondary_indexes), keys(var.local_secondary_indexes)) : name => "${local.table_arn}/index/${name}" }

  deletion_protection_tag = var.deletion_protection_enabled ? {} : { "slsguard:deletion-protection-off" = var.deletion_protection_off_reason }
}

resource "aws_dynamodb_table" "this" {
  name         = var.name
  billing_mode = var.billing_mode
  table_class  = var.table_class
  hash_key     = var.hash_key
  range_key    = var.range_key

  # Start at the lower autoscaling bound; autoscaling owns the capacity afterwards (ignore_changes).
  read_capacity  = local.provisioned ? var.provisioned_capacity.read.min : null
  write_capacity = local.provisioned ? var.provisioned_capacity.write.min : null

  dynamic "attribute" {
    for_each = var.attributes
    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = var.global_secondary_indexes
    content {
      name               = global_secondary_index.key
      hash_key           = global_secondary_index.value.hash_key
      range_key          = global_secondary_index.value.range_key
      projection_type    = global_secondary_index.value.projection_type
      non_key_attributes = global_secondary_index.value.projection_type == "INCLUDE" ? global_secondary_index.value.non_key_attributes : null
      read_capacity      = local.provisioned ? coalesce(global_secondary_index.value.provisioned_capacity, var.provisioned_capacity).read.min : null
      write_capacity     = local.provisioned ? coalesce(global_secondary_index.value.provisioned_capacity, var.provisioned_capacity).write.min : null
    }
  }

  dynamic "local_secondary_index" {
    for_each = var.local_secondary_indexes
    content {
      name               = local_secondary_index.key
      range_key          = local_secondary_index.value.range_key
      projection_type    = local_secondary_index.value.projection_type
      non_key_attributes = local_secondary_index.value.projection_type == "INCLUDE" ? local_secondary_index.value.non_key_attributes : null
    }
  }

  dynamic "ttl" {
    for_each = var.ttl_attribute_name == null ? [] : [var.ttl_attribute_name]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  stream_enabled   = var.stream_view_type != null
  stream_view_type = var.stream_view_type

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery_enabled
  }

  deletion_protection_enabled = var.deletion_protection_enabled

  dynamic "replica" {
    for_each = var.replicas
    content {
      region_name            = replica.key
      kms_key_arn            = replica.value.kms_key_arn
      point_in_time_recovery = replica.value.point_in_time_recovery_enabled
      propagate_tags         = replica.value.propagate_tags
    }
  }

  tags = merge(var.tags, local.deletion_protection_tag)

  lifecycle {
    # Application Auto Scaling changes the table's capacity; re-applying must not reset it.
    # (GSI capacity cannot be ignored without ignoring every GSI change; it is reset to the lower
    # bound on an apply that changes the table and autoscaling raises it again.)
    ignore_changes = [read_capacity, write_capacity]

    # Rules across several inputs live here (not in variable validations) to keep terraform 1.7
    # support; they fail the plan before anything is created.
    precondition {
      condition     = !anytrue([for ok in [for name in local.key_attributes : contains(keys(var.attributes), name)] : !ok])
      error_message = "every key attribute (hash_key, range_key and the index keys) must be declared in attributes."
    }
    precondition {
      condition     = !anytrue([for ok in [for name in keys(var.attributes) : contains(local.key_attributes, name)] : !ok])
      error_message = "attributes may only declare key attributes of the table or an index; DynamoDB rejects unused attribute definitions."
    }
    precondition {
      condition     = local.provisioned == (var.provisioned_capacity != null) && (local.provisioned || !anytrue([for ok in [for index in var.global_secondary_indexes : index.provisioned_capacity == null] : !ok]))
      error_message = "provisioned_capacity (on the table, optionally per GSI) is required with billing_mode = PROVISIONED and not allowed with PAY_PER_REQUEST."
    }
    precondition {
      condition     = length(var.local_secondary_indexes) == 0 || var.range_key != null
      error_message = "local secondary indexes need a table with a range_key."
    }
    precondition {
      condition     = length(var.replicas) == 0 || var.stream_view_type == "NEW_AND_OLD_IMAGES"
      error_message = "global table replicas need stream_view_type = NEW_AND_OLD_IMAGES."
    }
    precondition {
      condition     = !contains(keys(var.replicas), data.aws_service.current.region)
      error_message = "replicas must be in other regions than the table itself."
    }
    precondition {
      condition     = var.deletion_protection_enabled == (var.deletion_protection_off_reason == null)
      error_message = "switching deletion protection off is explicit: set deletion_protection_enabled = false together with deletion_protection_off_reason (and no reason while protection is on)."
    }
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
  }
}

resource "aws_dynamodb_contributor_insights" "this" {
  for_each = var.contributor_insights_enabled ? merge(
    { table = { index_name = null } },
    { for name in keys(var.global_secondary_indexes) : "index-${name}" => { index_name = name } },
  ) : {}

  table_name = aws_dynamodb_table.this.name
  index_name = each.value.index_name
}
