locals {
  capacity_dimensions = {
    read  = { unit = "ReadCapacityUnits", metric = "DynamoDBReadCapacityUtilization" }
    write = { unit = "WriteCapacityUnits", metric = "DynamoDBWriteCapacityUtilization" }
  }

  # One scalable target per table/index and dimension, keyed "table-read", "index-<gsi>-write" ...
  autoscaled = local.provisioned ? merge(
    { for dimension, spec in local.capacity_dimensions : "table-${dimension}" => {
      resource_id        = "table/${aws_dynamodb_table.this.name}"
      scalable_dimension = "dynamodb:table:${spec.unit}"
      metric             = spec.metric
      bounds             = var.provisioned_capacity[dimension]
    } },
    { for pair in setproduct(keys(var.global_secondary_indexes), keys(local.capacity_dimensions)) : "index-${pair[0]}-${pair[1]}" => {
      resource_id        = "table/${aws_dynamodb_table.this.name}/index/${pair[0]}"
      scalable_dimension = "dynamodb:index:${local.capacity_dimensions[pair[1]].unit}"
      metric             = local.capacity_dimensions[pair[1]].metric
      bounds             = coalesce(var.global_secondary_indexes[pair[0]].provisioned_capacity, var.provisioned_capacity)[pair[1]]
    } },
  ) : {}
}

# No role_arn: Application Auto Scaling uses its DynamoDB service-linked role.
resource "aws_appautoscaling_target" "this" {
  for_each = local.autoscaled

  service_namespace  = "dynamodb"
  resource_id        = each.value.resource_id
  scalable_dimension = each.value.scalable_dimension
  min_capacity       = each.value.bounds.min
  max_capacity       = each.value.bounds.max

  tags = var.tags
}

resource "aws_appautoscaling_policy" "this" {
  for_each = local.autoscaled

  name               = "${var.name}-${each.key}-target-tracking"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = var.autoscaling_target_utilization

    predefined_metric_specification {
      predefined_metric_type = each.value.metric
    }
  }
}
