# Native tests: mock AWS provider, values known at plan time, one run per behaviour.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

override_resource {
  target          = aws_dynamodb_table.this
  override_during = plan
  values = {
    arn        = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
    stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"
  }
}

variables {
  name            = "orders"
  kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts"
  hash_key        = "pk"
  range_key       = "sk"
  attributes      = { pk = "S", sk = "S" }
}

run "defaults_are_secure" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST" && length(aws_appautoscaling_target.this) == 0
    error_message = "on-demand is the default and needs no autoscaling"
  }
  assert {
    condition     = aws_dynamodb_table.this.server_side_encryption[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].kms_key_arn == var.kms_key_arn
    error_message = "the table is encrypted with the given customer key"
  }
  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.deletion_protection_enabled
    error_message = "PITR and deletion protection are on by default"
  }
  assert {
    condition     = !aws_dynamodb_table.this.stream_enabled && length(aws_dynamodb_table.this.replica) == 0 && length(aws_dynamodb_contributor_insights.this) == 0
    error_message = "streams, replicas and contributor insights are opt-in"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.throttles)) == toset(["read-throttle-events", "write-throttle-events"]) && length(aws_cloudwatch_metric_alarm.system_errors) == 1
    error_message = "throttle and system error alarms exist by default"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.throttles["write-throttle-events"].metric_name == "WriteThrottleEvents" &&
      aws_cloudwatch_metric_alarm.throttles["write-throttle-events"].dimensions == tomap({ TableName = "orders" }) &&
      aws_cloudwatch_metric_alarm.throttles["write-throttle-events"].alarm_actions == toset([var.alarm_topic_arn])
    )
    error_message = "the throttle alarms watch the table and notify the topic"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.system_errors[0].metric_query) == 11 && contains([for q in aws_cloudwatch_metric_alarm.system_errors[0].metric_query : q.expression], "SUM(METRICS())")
    error_message = "the system errors alarm sums SystemErrors over the ten data-plane operations"
  }
  assert {
    condition     = !contains(keys(aws_dynamodb_table.this.tags), "slsguard:deletion-protection-off")
    error_message = "no deletion-protection-off tag while protection is on"
  }
  assert {
    condition     = jsondecode(output.read_policy_statements)[0].Resource == ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"] && length(jsondecode(output.read_policy_statements)) == 2
    error_message = "without indexes the read statements are the table and the key"
  }
  assert {
    condition     = jsondecode(output.write_policy_statements)[1].Condition.StringEquals["kms:ViaService"] == "dynamodb.eu-west-1.amazonaws.com"
    error_message = "key use is limited to DynamoDB"
  }
  assert {
    condition     = output.stream_arn == null && output.table_arn == "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
    error_message = "no stream ARN without a stream"
  }
}

run "provisioned_with_autoscaling_and_indexes" {
  command = plan

  variables {
    billing_mode         = "PROVISIONED"
    provisioned_capacity = { read = { min = 5, max = 100 }, write = { min = 2, max = 50 } }
    attributes           = { pk = "S", sk = "S", status = "S", created = "N" }
    global_secondary_indexes = {
      by_status = { hash_key = "status", range_key = "created", provisioned_capacity = { read = { min = 1, max = 10 }, write = { min = 1, max = 5 } } }
      by_sk     = { hash_key = "sk", projection_type = "INCLUDE", non_key_attributes = ["total"] }
    }
    local_secondary_indexes = {
      by_created = { range_key = "created", projection_type = "KEYS_ONLY" }
    }
    ttl_attribute_name           = "expires_at"
    stream_view_type             = "NEW_AND_OLD_IMAGES"
    contributor_insights_enabled = true
  }

  assert {
    condition     = aws_dynamodb_table.this.read_capacity == 5 && aws_dynamodb_table.this.write_capacity == 2
    error_message = "a provisioned table starts at the lower autoscaling bound"
  }
  assert {
    condition = toset(keys(aws_appautoscaling_target.this)) == toset([
      "table-read", "table-write", "index-by_status-read", "index-by_status-write", "index-by_sk-read", "index-by_sk-write",
    ])
    error_message = "autoscaling covers read and write of the table and every GSI"
  }
  assert {
    condition = (
      aws_appautoscaling_target.this["index-by_status-write"].resource_id == "table/orders/index/by_status" &&
      aws_appautoscaling_target.this["index-by_status-write"].scalable_dimension == "dynamodb:index:WriteCapacityUnits" &&
      aws_appautoscaling_target.this["index-by_status-write"].max_capacity == 5 &&
      aws_appautoscaling_target.this["index-by_sk-read"].max_capacity == 100 &&
      aws_appautoscaling_target.this["table-read"].scalable_dimension == "dynamodb:table:ReadCapacityUnits"
    )
    error_message = "GSIs use their own bounds, or the table's when they have none"
  }
  assert {
    condition = (
      aws_appautoscaling_policy.this["table-write"].policy_type == "TargetTrackingScaling" &&
      aws_appautoscaling_policy.this["table-write"].target_tracking_scaling_policy_configuration[0].target_value == 70 &&
      aws_appautoscaling_policy.this["table-write"].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "DynamoDBWriteCapacityUtilization"
    )
    error_message = "target tracking at 70 % by default"
  }
  assert {
    condition     = one([for gsi in aws_dynamodb_table.this.global_secondary_index : gsi if gsi.name == "by_sk"]).non_key_attributes == toset(["total"])
    error_message = "INCLUDE projections carry their non-key attributes"
  }
  assert {
    condition     = one(aws_dynamodb_table.this.local_secondary_index).projection_type == "KEYS_ONLY"
    error_message = "the local secondary index is created"
  }
  assert {
    condition     = aws_dynamodb_table.this.ttl[0].attribute_name == "expires_at" && aws_dynamodb_table.this.ttl[0].enabled
    error_message = "TTL is enabled on the given attribute"
  }
  assert {
    condition     = aws_dynamodb_table.this.stream_enabled && aws_dynamodb_table.this.stream_view_type == "NEW_AND_OLD_IMAGES" && output.stream_arn != null
    error_message = "the stream is enabled and exported"
  }
  assert {
    condition     = toset(keys(aws_dynamodb_contributor_insights.this)) == toset(["table", "index-by_status", "index-by_sk"])
    error_message = "contributor insights on the table and every GSI"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.throttles) == 6 && aws_cloudwatch_metric_alarm.throttles["index-by_status-read-throttle-events"].dimensions == tomap({ TableName = "orders", GlobalSecondaryIndexName = "by_status" })
    error_message = "every GSI gets its own read and write throttle alarms"
  }
  assert {
    condition = jsondecode(output.read_policy_statements)[1].Resource == [
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by_created",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by_sk",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by_status",
    ]
    error_message = "read statements include every index ARN"
  }
}

run "global_table_replicas" {
  command = plan

  variables {
    stream_view_type = "NEW_AND_OLD_IMAGES"
    replicas = {
      "eu-central-1" = { kms_key_arn = "arn:aws:kms:eu-central-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab" }
    }
  }

  assert {
    condition = (
      one(aws_dynamodb_table.this.replica).region_name == "eu-central-1" &&
      one(aws_dynamodb_table.this.replica).kms_key_arn == "arn:aws:kms:eu-central-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab" &&
      one(aws_dynamodb_table.this.replica).point_in_time_recovery
    )
    error_message = "a replica uses its own region's key and PITR"
  }
}

run "deletion_protection_off_is_explicit_and_tagged" {
  command = plan

  variables {
    deletion_protection_enabled    = false
    deletion_protection_off_reason = "ephemeral preview environment"
    alarms_enabled                 = false
    alarm_topic_arn                = null
  }

  assert {
    condition     = !aws_dynamodb_table.this.deletion_protection_enabled && aws_dynamodb_table.this.tags["slsguard:deletion-protection-off"] == "ephemeral preview environment"
    error_message = "the reason is recorded as a tag when protection is off"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.throttles) == 0 && length(aws_cloudwatch_metric_alarm.system_errors) == 0 && output.alarm_arns == {}
    error_message = "alarms_enabled = false creates no alarm"
  }
}

# ---- one run per validation rule ----

run "rejects_bad_name" {
  command = plan
  variables {
    name = "ab"
  }
  expect_failures = [var.name]
}

run "rejects_non_customer_key" {
  command = plan
  variables {
    kms_key_arn = "alias/aws/dynamodb"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_empty_hash_key" {
  command = plan
  variables {
    hash_key = ""
  }
  expect_failures = [var.hash_key]
}

run "rejects_empty_range_key" {
  command = plan
  variables {
    range_key = ""
  }
  expect_failures = [var.range_key]
}

run "rejects_bad_attribute_type" {
  command = plan
  variables {
    attributes = { pk = "S", sk = "BOOL" }
  }
  expect_failures = [var.attributes]
}

run "rejects_bad_billing_mode" {
  command = plan
  variables {
    billing_mode = "ON_DEMAND"
  }
  expect_failures = [var.billing_mode]
}

run "rejects_inverted_capacity_bounds" {
  command = plan
  variables {
    billing_mode         = "PROVISIONED"
    provisioned_capacity = { read = { min = 10, max = 5 }, write = { min = 1, max = 5 } }
  }
  expect_failures = [var.provisioned_capacity]
}

run "rejects_bad_target_utilization" {
  command = plan
  variables {
    autoscaling_target_utilization = 95
  }
  expect_failures = [var.autoscaling_target_utilization]
}

run "rejects_bad_gsi_name" {
  command = plan
  variables {
    attributes               = { pk = "S", sk = "S" }
    global_secondary_indexes = { "x" = { hash_key = "sk" } }
  }
  expect_failures = [var.global_secondary_indexes]
}

run "rejects_gsi_include_without_attributes" {
  command = plan
  variables {
    global_secondary_indexes = { by_sk = { hash_key = "sk", projection_type = "INCLUDE" } }
  }
  expect_failures = [var.global_secondary_indexes]
}

run "rejects_bad_gsi_capacity" {
  command = plan
  variables {
    global_secondary_indexes = { by_sk = { hash_key = "sk", provisioned_capacity = { read = { min = 0, max = 5 }, write = { min = 1, max = 5 } } } }
  }
  expect_failures = [var.global_secondary_indexes]
}

run "rejects_too_many_lsis" {
  command = plan
  variables {
    local_secondary_indexes = { for n in range(6) : "lsi_${n}" => { range_key = "sk" } }
  }
  expect_failures = [var.local_secondary_indexes]
}

run "rejects_lsi_attributes_without_include" {
  command = plan
  variables {
    local_secondary_indexes = { by_sk = { range_key = "sk", projection_type = "KEYS_ONLY", non_key_attributes = ["total"] } }
  }
  expect_failures = [var.local_secondary_indexes]
}

run "rejects_empty_ttl_attribute" {
  command = plan
  variables {
    ttl_attribute_name = ""
  }
  expect_failures = [var.ttl_attribute_name]
}

run "rejects_bad_stream_view_type" {
  command = plan
  variables {
    stream_view_type = "FULL"
  }
  expect_failures = [var.stream_view_type]
}

run "rejects_bad_table_class" {
  command = plan
  variables {
    table_class = "GLACIER"
  }
  expect_failures = [var.table_class]
}

run "rejects_short_deletion_protection_reason" {
  command = plan
  variables {
    deletion_protection_enabled    = false
    deletion_protection_off_reason = "why not"
  }
  expect_failures = [var.deletion_protection_off_reason]
}

run "rejects_replica_key_from_another_region" {
  command = plan
  variables {
    stream_view_type = "NEW_AND_OLD_IMAGES"
    replicas         = { "eu-central-1" = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab" } }
  }
  expect_failures = [var.replicas]
}

run "rejects_bad_alarm_topic" {
  command = plan
  variables {
    alarm_topic_arn = "alerts"
  }
  expect_failures = [var.alarm_topic_arn]
}

run "rejects_zero_throttle_threshold" {
  command = plan
  variables {
    throttle_alarm_threshold = 0
  }
  expect_failures = [var.throttle_alarm_threshold]
}

# ---- one run per cross-input precondition ----

run "rejects_undeclared_key_attribute" {
  command = plan
  variables {
    attributes = { pk = "S" }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_unused_attribute" {
  command = plan
  variables {
    attributes = { pk = "S", sk = "S", status = "S" }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_provisioned_without_capacity" {
  command = plan
  variables {
    billing_mode = "PROVISIONED"
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_lsi_without_range_key" {
  command = plan
  variables {
    range_key               = null
    attributes              = { pk = "S", created = "N" }
    local_secondary_indexes = { by_created = { range_key = "created" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_replicas_without_stream" {
  command = plan
  variables {
    replicas = { "eu-central-1" = { kms_key_arn = "arn:aws:kms:eu-central-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_replica_in_own_region" {
  command = plan
  variables {
    stream_view_type = "NEW_AND_OLD_IMAGES"
    replicas         = { "eu-west-1" = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab" } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_deletion_protection_off_without_reason" {
  command = plan
  variables {
    deletion_protection_enabled = false
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_alarms_without_topic" {
  command = plan
  variables {
    alarm_topic_arn = null
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_gsi_capacity_on_demand" {
  command = plan
  variables {
    global_secondary_indexes = { by_sk = { hash_key = "sk", provisioned_capacity = { read = { min = 1, max = 5 }, write = { min = 1, max = 5 } } } }
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_reason_while_protection_on" {
  command = plan
  variables {
    deletion_protection_off_reason = "nobody will notice this"
  }
  expect_failures = [aws_dynamodb_table.this]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}
