# One expect_failures run per validation block and per precondition. Each run breaks exactly one
# rule on top of valid defaults, so a run passes only if that rule (and no other) rejects it.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name                     = "orders-worker"
  package                  = { zip_path = "tests/fixtures/function.zip" }
  handler                  = "app.handler"
  runtime                  = "python3.12"
  kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  reserved_concurrency     = 10
  permissions_boundary_arn = "arn:aws:iam::123456789012:policy/workload-boundary"
  log_retention_days       = 30
  alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:alerts"
}

run "rejects_name_with_spaces" {
  command = plan

  variables {
    name = "orders worker"
  }

  expect_failures = [var.name]
}

run "rejects_name_too_long" {
  command = plan

  variables {
    name = format("%058d", 0)
  }

  expect_failures = [var.name]
}

run "rejects_description_too_long" {
  command = plan

  variables {
    description = format("%0257d", 0)
  }

  expect_failures = [var.description]
}

run "rejects_package_without_source" {
  command = plan

  variables {
    package = {}
  }

  expect_failures = [var.package]
}

run "rejects_package_zip_with_s3_fields" {
  command = plan

  variables {
    package = { zip_path = "tests/fixtures/function.zip", s3_object_version = "v1" }
  }

  expect_failures = [var.package]
}

run "rejects_package_zip_path_not_zip" {
  command = plan

  variables {
    package = { zip_path = "tests/fixtures/function.tar.gz" }
  }

  expect_failures = [var.package]
}

run "rejects_package_bad_hash" {
  command = plan

  variables {
    package = { s3_bucket = "artifacts", s3_key = "f.zip", source_code_hash = "deadbeef" }
  }

  expect_failures = [var.package]
}

# Container images: the image brings runtime and handler, so those are null in these runs.

run "rejects_package_zip_and_image" {
  command = plan

  variables {
    package = { zip_path = "tests/fixtures/function.zip", image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
    handler = null
    runtime = null
  }

  expect_failures = [var.package]
}

run "rejects_package_image_with_source_code_hash" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" }
    handler = null
    runtime = null
  }

  expect_failures = [var.package]
}

run "rejects_package_image_outside_ecr" {
  command = plan

  variables {
    package = { image_uri = "docker.io/library/python:3.12" }
    handler = null
    runtime = null
  }

  expect_failures = [var.package]
}

run "rejects_package_image_without_tag_or_digest" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker" }
    handler = null
    runtime = null
  }

  expect_failures = [var.package]
}

run "rejects_package_image_latest" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker:latest" }
    handler = null
    runtime = null
  }

  expect_failures = [var.package]
}

run "rejects_image_config_without_image" {
  command = plan

  variables {
    package = { zip_path = "tests/fixtures/function.zip", image_config = { command = ["app.handler"] } }
  }

  expect_failures = [var.package]
}

run "rejects_image_config_relative_working_directory" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", image_config = { working_directory = "var/task" } }
    handler = null
    runtime = null
  }

  expect_failures = [var.package]
}

# VPC attachment.

run "rejects_vpc_without_security_groups" {
  command = plan

  variables {
    vpc = { subnet_ids = ["subnet-0a1b2c3d4e5f60718"], security_group_ids = [] }
  }

  expect_failures = [var.vpc]
}

run "rejects_vpc_subnet_that_is_no_subnet_id" {
  command = plan

  variables {
    vpc = { subnet_ids = ["arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0a1b2c3d4e5f60718"], security_group_ids = ["sg-0123456789abcdef0"] }
  }

  expect_failures = [var.vpc]
}

run "rejects_vpc_security_group_that_is_a_name" {
  command = plan

  variables {
    vpc = { subnet_ids = ["subnet-0a1b2c3d4e5f60718"], security_group_ids = ["orders-worker"] }
  }

  expect_failures = [var.vpc]
}

run "rejects_vpc_repeated_subnet" {
  command = plan

  variables {
    vpc = { subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60718"], security_group_ids = ["sg-0123456789abcdef0"] }
  }

  expect_failures = [var.vpc]
}

run "rejects_existing_log_group_name_with_spaces" {
  command = plan

  variables {
    existing_log_group_name = "/orders/shared logs"
    log_retention_days      = null
  }

  expect_failures = [var.existing_log_group_name]
}

run "rejects_handler_with_whitespace" {
  command = plan

  variables {
    handler = "app handler"
  }

  expect_failures = [var.handler]
}

run "rejects_runtime_deprecated" {
  command = plan

  variables {
    runtime = "python3.8"
  }

  expect_failures = [var.runtime]
}

run "rejects_runtime_unknown" {
  command = plan

  variables {
    runtime = "go1.x"
  }

  expect_failures = [var.runtime]
}

run "rejects_architecture_unknown" {
  command = plan

  variables {
    architecture = "arm"
  }

  expect_failures = [var.architecture]
}

run "rejects_memory_too_small" {
  command = plan

  variables {
    memory_size = 64
  }

  expect_failures = [var.memory_size]
}

run "rejects_timeout_too_long" {
  command = plan

  variables {
    timeout = 901
  }

  expect_failures = [var.timeout]
}

run "rejects_ephemeral_storage_too_small" {
  command = plan

  variables {
    ephemeral_storage_size = 256
  }

  expect_failures = [var.ephemeral_storage_size]
}

run "rejects_too_many_layers" {
  command = plan

  variables {
    layers = [for v in range(1, 7) : "arn:aws:lambda:eu-west-1:123456789012:layer:tools:${v}"]
  }

  expect_failures = [var.layers]
}

run "rejects_layer_without_version" {
  command = plan

  variables {
    layers = ["arn:aws:lambda:eu-west-1:123456789012:layer:tools"]
  }

  expect_failures = [var.layers]
}

run "rejects_environment_bad_name" {
  command = plan

  variables {
    environment_variables = { "1ST" = "x" }
  }

  expect_failures = [var.environment_variables]
}

run "rejects_environment_reserved_name" {
  command = plan

  variables {
    environment_variables = { AWS_REGION = "eu-west-1" }
  }

  expect_failures = [var.environment_variables]
}

run "rejects_environment_too_large" {
  command = plan

  variables {
    environment_variables = { BLOB = format("%04100d", 0) }
  }

  expect_failures = [var.environment_variables]
}

run "rejects_kms_key_alias" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/aws/lambda"
  }

  expect_failures = [var.kms_key_arn]
}

run "rejects_reserved_concurrency_zero" {
  command = plan

  variables {
    reserved_concurrency = 0
  }

  expect_failures = [var.reserved_concurrency]
}

run "rejects_provisioned_concurrency_negative" {
  command = plan

  variables {
    provisioned_concurrency = -1
  }

  expect_failures = [var.provisioned_concurrency]
}

run "rejects_codedeploy_unknown_strategy" {
  command = plan

  variables {
    codedeploy = { strategy = "blue_green" }
  }

  expect_failures = [var.codedeploy]
}

run "rejects_codedeploy_percentage_100" {
  command = plan

  variables {
    codedeploy = { strategy = "canary", percentage = 100 }
  }

  expect_failures = [var.codedeploy]
}

run "rejects_codedeploy_interval_zero" {
  command = plan

  variables {
    codedeploy = { strategy = "linear", interval_minutes = 0 }
  }

  expect_failures = [var.codedeploy]
}

run "rejects_boundary_not_a_policy" {
  command = plan

  variables {
    permissions_boundary_arn = "arn:aws:iam::123456789012:role/boundary"
  }

  expect_failures = [var.permissions_boundary_arn]
}

run "rejects_grant_key_with_hyphen" {
  command = plan

  variables {
    grants = { "orders-table" = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", access = "read" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_with_two_targets" {
  command = plan

  variables {
    grants = { both = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", sqs_queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", access = "read" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_without_target" {
  command = plan

  variables {
    grants = { none = { access = "read" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_access_not_fitting_kind" {
  command = plan

  variables {
    grants = { queue = { sqs_queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", access = "read" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_dynamodb_write_all" {
  command = plan

  variables {
    grants = { table = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", access = "admin" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_wildcard_arn" {
  command = plan

  variables {
    grants = { table = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/*", access = "read" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_kms_alias" {
  command = plan

  variables {
    grants = { key = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/orders", access = "decrypt" } }
  }

  expect_failures = [var.grants]
}

run "rejects_extra_duplicate_sid" {
  command = plan

  variables {
    extra_policy_statements = [for _ in range(2) : { sid = "Same", actions = ["ssm:GetParameter"], resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"] }]
  }

  expect_failures = [var.extra_policy_statements]
}

run "rejects_extra_without_actions" {
  command = plan

  variables {
    extra_policy_statements = [{ sid = "Empty", actions = [], resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"] }]
  }

  expect_failures = [var.extra_policy_statements]
}

run "rejects_extra_star_action" {
  command = plan

  variables {
    extra_policy_statements = [{ sid = "Star", actions = ["*"], resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"] }]
  }

  expect_failures = [var.extra_policy_statements]
}

run "rejects_extra_service_star_action" {
  command = plan

  variables {
    extra_policy_statements = [{ sid = "ServiceStar", actions = ["s3:*"], resources = ["arn:aws:s3:::bucket/*"] }]
  }

  expect_failures = [var.extra_policy_statements]
}

run "rejects_extra_star_resource" {
  command = plan

  variables {
    extra_policy_statements = [{ sid = "StarResource", actions = ["ssm:GetParameter"], resources = ["*"] }]
  }

  expect_failures = [var.extra_policy_statements]
}

run "rejects_extra_condition_without_values" {
  command = plan

  variables {
    extra_policy_statements = [{ sid = "Cond", actions = ["ssm:GetParameter"], resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"], conditions = [{ test = "StringEquals", variable = "aws:ResourceAccount", values = [] }] }]
  }

  expect_failures = [var.extra_policy_statements]
}

run "rejects_log_retention_never_expire" {
  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_log_retention_not_a_cloudwatch_value" {
  command = plan

  variables {
    log_retention_days = 31
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_log_group_key_alias" {
  command = plan

  variables {
    log_group_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/logs"
  }

  expect_failures = [var.log_group_kms_key_arn]
}

run "rejects_application_log_level_unknown" {
  command = plan

  variables {
    application_log_level = "VERBOSE"
  }

  expect_failures = [var.application_log_level]
}

run "rejects_system_log_level_error" {
  command = plan

  variables {
    system_log_level = "ERROR"
  }

  expect_failures = [var.system_log_level]
}

run "rejects_tracing_mode_unknown" {
  command = plan

  variables {
    tracing_mode = "On"
  }

  expect_failures = [var.tracing_mode]
}

run "rejects_async_without_failure_target" {
  command = plan

  variables {
    async_invocation = { on_success_destination_arn = "arn:aws:sqs:eu-west-1:123456789012:orders" }
  }

  expect_failures = [var.async_invocation]
}

run "rejects_async_three_retries" {
  command = plan

  variables {
    async_invocation = { dead_letter_target_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", maximum_retry_attempts = 3 }
  }

  expect_failures = [var.async_invocation]
}

run "rejects_async_event_age_too_short" {
  command = plan

  variables {
    async_invocation = { dead_letter_target_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", maximum_event_age_in_seconds = 30 }
  }

  expect_failures = [var.async_invocation]
}

run "rejects_async_destination_bucket" {
  command = plan

  variables {
    async_invocation = { on_failure_destination_arn = "arn:aws:s3:::failed-events" }
  }

  expect_failures = [var.async_invocation]
}

run "rejects_async_dead_letter_function" {
  command = plan

  variables {
    async_invocation = { dead_letter_target_arn = "arn:aws:lambda:eu-west-1:123456789012:function:dlq" }
  }

  expect_failures = [var.async_invocation]
}

run "rejects_sqs_source_key_with_hyphen" {
  command = plan

  variables {
    sqs_event_sources = { "orders-queue" = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders" } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_not_a_queue" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sns:eu-west-1:123456789012:orders" } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_key_alias" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/q" } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_batch_zero" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", batch_size = 0 } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_large_batch_without_window" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", batch_size = 100 } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_fifo_with_window" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo", maximum_batching_window_in_seconds = 5 } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_concurrency_one" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", maximum_concurrency = 1 } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_sqs_source_filter_not_json" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", filter_patterns = ["type=order"] } }
  }

  expect_failures = [var.sqs_event_sources]
}

run "rejects_alarm_topic_not_sns" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sqs:eu-west-1:123456789012:orders"
  }

  expect_failures = [var.alarm_topic_arn]
}

run "rejects_errors_threshold_zero" {
  command = plan

  variables {
    errors_alarm_threshold = 0
  }

  expect_failures = [var.errors_alarm_threshold]
}

run "rejects_duration_threshold_zero" {
  command = plan

  variables {
    duration_alarm_threshold_ms = 0
  }

  expect_failures = [var.duration_alarm_threshold_ms]
}

run "rejects_concurrency_percent_above_100" {
  command = plan

  variables {
    concurrency_alarm_percent = 150
  }

  expect_failures = [var.concurrency_alarm_percent]
}

# Rules across several inputs: preconditions on the function.

run "rejects_provisioned_above_reserved" {
  command = plan

  variables {
    publish                 = true
    provisioned_concurrency = 11
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_provisioned_without_publish" {
  command = plan

  variables {
    provisioned_concurrency = 2
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_codedeploy_without_publish" {
  command = plan

  variables {
    codedeploy = { strategy = "canary" }
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_codedeploy_without_alarms" {
  command = plan

  variables {
    publish        = true
    codedeploy     = { strategy = "canary" }
    alarms_enabled = false
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_alarms_without_topic" {
  command = plan

  variables {
    alarm_topic_arn = null
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_zip_package_without_handler" {
  command = plan

  variables {
    handler = null
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_image_with_runtime" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
    handler = null
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_image_with_layers" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
    handler = null
    runtime = null
    layers  = ["arn:aws:lambda:eu-west-1:123456789012:layer:shared:3"]
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_snap_start_on_python" {
  command = plan

  variables {
    publish    = true
    snap_start = true
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_snap_start_without_publish" {
  command = plan

  variables {
    runtime    = "java21"
    handler    = "orders.Handler::handleRequest"
    snap_start = true
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_snap_start_with_provisioned_concurrency" {
  command = plan

  variables {
    runtime                 = "java21"
    handler                 = "orders.Handler::handleRequest"
    publish                 = true
    provisioned_concurrency = 2
    snap_start              = true
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_snap_start_with_large_ephemeral_storage" {
  command = plan

  variables {
    runtime                = "java21"
    handler                = "orders.Handler::handleRequest"
    publish                = true
    ephemeral_storage_size = 1024
    snap_start             = true
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_log_retention_missing" {
  command = plan

  variables {
    log_retention_days = null
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_existing_log_group_with_retention" {
  command = plan

  variables {
    existing_log_group_name = "/orders/shared"
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_existing_log_group_with_log_group_class" {
  command = plan

  variables {
    existing_log_group_name = "/orders/shared"
    log_retention_days      = null
    log_group_class         = "INFREQUENT_ACCESS"
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_sqs_concurrency_above_reserved" {
  command = plan

  variables {
    sqs_event_sources = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders", maximum_concurrency = 11 } }
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}

run "rejects_stream_key_with_hyphen" {
  command = plan

  variables {
    stream_event_sources = { "click-stream" = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" } } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_source_unknown_type" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "s3_bucket", arn = "arn:aws:s3:::clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" } } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_table_without_stream" {
  command = plan

  variables {
    stream_event_sources = { orders = { source = { type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-failed" } } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_source_wildcard_arn" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/*" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" } } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_destination_fifo" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed.fifo" } } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_starting_position_at_timestamp" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" }, starting_position = "AT_TIMESTAMP" } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_parallelization_factor_11" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" }, parallelization_factor = 11 } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_retry_forever" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" }, maximum_retry_attempts = -1 } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_stream_filter_not_json" {
  command = plan

  variables {
    stream_event_sources = { clicks = { source = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }, on_failure_destination = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:clicks-failed" }, filter_patterns = ["eventName=INSERT"] } }
  }

  expect_failures = [var.stream_event_sources]
}

run "rejects_iterator_age_threshold_below_a_second" {
  command = plan

  variables {
    iterator_age_alarm_threshold_ms = 500
  }

  expect_failures = [var.iterator_age_alarm_threshold_ms]
}

run "rejects_function_url_unknown_auth" {
  command = plan

  variables {
    function_url = { authorization_type = "COGNITO" }
  }

  expect_failures = [var.function_url]
}

run "rejects_function_url_none_without_public" {
  command = plan

  variables {
    function_url = { authorization_type = "NONE" }
  }

  expect_failures = [var.function_url]
}

run "rejects_function_url_unknown_invoke_mode" {
  command = plan

  variables {
    function_url = { invoke_mode = "STREAM" }
  }

  expect_failures = [var.function_url]
}

run "rejects_function_url_cors_star_with_credentials" {
  command = plan

  variables {
    function_url = { cors = { allow_origins = ["*"], allow_credentials = true } }
  }

  expect_failures = [var.function_url]
}

run "rejects_invoke_permission_key_with_hyphen" {
  command = plan

  variables {
    invoke_permissions = { "order-updates" = { service = "sns", source_arn = "arn:aws:sns:eu-west-1:123456789012:order-updates" } }
  }

  expect_failures = [var.invoke_permissions]
}

run "rejects_invoke_permission_wildcard_source" {
  command = plan

  variables {
    invoke_permissions = { updates = { service = "sns", source_arn = "arn:aws:sns:eu-west-1:123456789012:*" } }
  }

  expect_failures = [var.invoke_permissions]
}

run "rejects_invoke_permission_s3_without_owner" {
  command = plan

  variables {
    invoke_permissions = { uploads = { service = "s3", source_arn = "arn:aws:s3:::orders-uploads" } }
  }

  expect_failures = [var.invoke_permissions]
}

run "rejects_log_group_class_unknown" {
  command = plan

  variables {
    log_group_class = "ARCHIVE"
  }

  expect_failures = [var.log_group_class]
}
