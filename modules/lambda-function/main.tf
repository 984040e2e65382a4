data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "lambda" }
data "aws_caller_identity" "current" {}

locals {
  log_group_name = coalesce(var.existing_log_group_name, "/aws/lambda/${var.name}")
  # Built from names, not taken from the resources, so the role policy is known at plan time and
  # the gate can judge it before apply.
  log_group_arn = "arn:${data.aws_partition.current.partition}:logs:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:log-group:${local.log_group_name}"
  function_arn  = "arn:${data.aws_partition.current.partition}:lambda:${data.aws_service.current.region}:${data.aws_caller_identity.current.account_id}:function:${var.name}"

  alias_name = "live"
  has_alias  = var.publish
  codedeploy = var.codedeploy != null
  image      = var.package.image_uri != null

  # The alias Terraform points at each new version, or the one CodeDeploy moves (see below).
  alias = local.has_alias ? one(concat(aws_lambda_alias.live, aws_lambda_alias.live_deployed_by_codedeploy)) : null

  # Callers, event sources and async settings use the alias when there is one, so they always
  # reach the version that is live (and its provisioned concurrency), never $LATEST.
  invoke_target_arn = local.has_alias ? local.alias.arn : aws_lambda_function.this.arn
}

resource "aws_cloudwatch_log_group" "this" {
  count = var.existing_log_group_name == null ? 1 : 0

  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = coalesce(var.log_group_kms_key_arn, var.kms_key_arn)
  log_group_class   = var.log_group_class

  tags = var.tags
}

# The group was unconditional before existing_log_group_name; this keeps it in existing states.
moved {
  from = aws_cloudwatch_log_group.this
  to   = aws_cloudwatch_log_group.this[0]
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  description   = var.description
  role          = aws_iam_role.this.arn
  handler       = var.handler
  runtime       = var.runtime
  package_type  = local.image ? "Image" : "Zip"
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout
  layers        = var.layers
  publish       = var.publish

  filename          = var.package.zip_path
  s3_bucket         = var.package.s3_bucket
  s3_key            = var.package.s3_key
  s3_object_version = var.package.s3_object_version
  source_code_hash  = var.package.zip_path != null ? filebase64sha256(var.package.zip_path) : var.package.source_code_hash
  image_uri         = var.package.image_uri

  dynamic "image_config" {
    for_each = var.package.image_config != null ? [var.package.image_config] : []
    content {
      command           = image_config.value.command
      entry_point       = image_config.value.entry_point
      working_directory = image_config.value.working_directory
    }
  }

  reserved_concurrent_executions = var.reserved_concurrency
  kms_key_arn                    = var.kms_key_arn

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [var.environment_variables] : []
    content {
      variables = environment.value
    }
  }

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  logging_config {
    log_format            = "JSON"
    log_group             = var.existing_log_group_name != null ? var.existing_log_group_name : aws_cloudwatch_log_group.this[0].name
    application_log_level = var.application_log_level
    system_log_level      = var.system_log_level
  }

  tracing_config {
    mode = var.tracing_mode
  }

  dynamic "snap_start" {
    for_each = var.snap_start ? ["PublishedVersions"] : []
    content {
      apply_on = snap_start.value
    }
  }

  dynamic "vpc_config" {
    for_each = var.vpc != null ? [var.vpc] : []
    content {
      subnet_ids                  = vpc_config.value.subnet_ids
      security_group_ids          = vpc_config.value.security_group_ids
      ipv6_allowed_for_dual_stack = vpc_config.value.ipv6_allowed_for_dual_stack
    }
  }

  dynamic "dead_letter_config" {
    for_each = try(var.async_invocation.dead_letter_target_arn, null) != null ? [var.async_invocation.dead_letter_target_arn] : []
    content {
      target_arn = dead_letter_config.value
    }
  }

  tags = var.tags

  # The role must be able to write logs (and reach a dead-letter target) before the first
  # invocation, and hold the network-interface actions before Lambda accepts a VPC attachment;
  # without this the policy can be attached after the function already runs.
  depends_on = [aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = var.provisioned_concurrency <= var.reserved_concurrency
      error_message = "provisioned_concurrency must not exceed reserved_concurrency: provisioned environments count against the function's reserved cap."
    }
    precondition {
      condition     = var.provisioned_concurrency == 0 || var.publish
      error_message = "provisioned_concurrency needs publish = true: it is configured on the \"live\" alias of a published version."
    }
    precondition {
      condition     = var.codedeploy == null || var.publish
      error_message = "codedeploy needs publish = true: CodeDeploy shifts the \"live\" alias between published versions."
    }
    precondition {
      condition     = var.codedeploy == null || var.alarms_enabled
      error_message = "codedeploy needs alarms_enabled = true: the errors alarm is the automatic rollback trigger."
    }
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
    precondition {
      condition     = local.image || (var.handler != null && var.runtime != null)
      error_message = "handler and runtime are required for a zip or S3 package (only a container image brings its own)."
    }
    precondition {
      condition     = !local.image || (var.handler == null && var.runtime == null)
      error_message = "a container image (package.image_uri) takes no handler or runtime: the image brings its runtime, its CMD names the handler (override it with package.image_config.command)."
    }
    precondition {
      condition     = !local.image || length(var.layers) == 0
      error_message = "a container image (package.image_uri) cannot use layers: Lambda refuses them for images; copy the layers' content into the image."
    }
    precondition {
      condition     = !var.snap_start || startswith(coalesce(var.runtime, "image"), "java")
      error_message = "snap_start needs a java runtime (this module offers SnapStart for Java; container images cannot use it)."
    }
    precondition {
      condition     = !var.snap_start || var.publish
      error_message = "snap_start needs publish = true: Lambda snapshots published versions only, and the \"live\" alias serves them."
    }
    precondition {
      condition     = !var.snap_start || (var.provisioned_concurrency == 0 && var.ephemeral_storage_size == 512)
      error_message = "snap_start cannot be combined with provisioned_concurrency or ephemeral_storage_size above 512 MB (Lambda refuses both for SnapStart versions)."
    }
    precondition {
      condition     = (var.existing_log_group_name == null) == (var.log_retention_days != null)
      error_message = "log_retention_days is required for the log group the module creates, and must be left unset with existing_log_group_name (that group's retention is its owner's)."
    }
    precondition {
      condition     = var.existing_log_group_name == null || (var.log_group_kms_key_arn == null && var.log_group_class == "STANDARD")
      error_message = "existing_log_group_name takes no log_group_kms_key_arn or log_group_class: the module creates no log group to apply them to."
    }
    precondition {
      condition     = !anytrue([for ok in [for source in var.sqs_event_sources : source.maximum_concurrency == null || coalesce(source.maximum_concurrency, 0) <= var.reserved_concurrency] : !ok])
      error_message = "sqs_event_sources maximum_concurrency must not exceed reserved_concurrency, otherwise the pollers outrun the cap and messages are throttled back to the queue."
    }
  }
}

# Terraform moves the alias to every newly published version at once.
resource "aws_lambda_alias" "live" {
  count = local.has_alias && !local.codedeploy ? 1 : 0

  name             = local.alias_name
  description      = "The version that receives traffic."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

# CodeDeploy moves the alias (canary or linear, with rollback); Terraform only creates it on the
# first version and must not fight the deployments afterwards.
resource "aws_lambda_alias" "live_deployed_by_codedeploy" {
  count = local.has_alias && local.codedeploy ? 1 : 0

  name             = local.alias_name
  description      = "The version that receives traffic; shifted by CodeDeploy."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version

  lifecycle {
    ignore_changes = [function_version, routing_config]
  }
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  count = var.provisioned_concurrency > 0 ? 1 : 0

  function_name                     = aws_lambda_function.this.function_name
  qualifier                         = local.alias.name
  provisioned_concurrent_executions = var.provisioned_concurrency
}

resource "aws_lambda_function_event_invoke_config" "this" {
  count = var.async_invocation != null ? 1 : 0

  function_name                = aws_lambda_function.this.function_name
  qualifier                    = local.has_alias ? local.alias.name : null
  maximum_retry_attempts       = var.async_invocation.maximum_retry_attempts
  maximum_event_age_in_seconds = var.async_invocation.maximum_event_age_in_seconds

  dynamic "destination_config" {
    for_each = var.async_invocation.on_failure_destination_arn != null || var.async_invocation.on_success_destination_arn != null ? [var.async_invocation] : []
    content {
      dynamic "on_failure" {
        for_each = destination_config.value.on_failure_destination_arn != null ? [destination_config.value.on_failure_destination_arn] : []
        content {
          destination = on_failure.value
        }
      }
      dynamic "on_success" {
        for_each = destination_config.value.on_success_destination_arn != null ? [destination_config.value.on_success_destination_arn] : []
        content {
          destination = on_success.value
        }
      }
    }
  }
}

resource "aws_lambda_event_source_mapping" "sqs" {
  for_each = var.sqs_event_sources

  event_source_arn                   = each.value.queue_arn
  function_name                      = local.invoke_target_arn
  enabled                            = each.value.enabled
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.maximum_batching_window_in_seconds
  function_response_types            = each.value.report_batch_item_failures ? ["ReportBatchItemFailures"] : []

  dynamic "scaling_config" {
    for_each = each.value.maximum_concurrency != null ? [each.value.maximum_concurrency] : []
    content {
      maximum_concurrency = scaling_config.value
    }
  }

  dynamic "filter_criteria" {
    for_each = length(each.value.filter_patterns) > 0 ? [each.value.filter_patterns] : []
    content {
      dynamic "filter" {
        for_each = filter_criteria.value
        content {
          pattern = filter.value
        }
      }
    }
  }

  tags = var.tags

  # Lambda checks the role's SQS permissions when the mapping is created.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_event_source_mapping" "stream" {
  for_each = var.stream_event_sources

  event_source_arn                   = local.stream_sources[each.key].arn
  function_name                      = local.invoke_target_arn
  enabled                            = each.value.enabled
  starting_position                  = each.value.starting_position
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.maximum_batching_window_in_seconds
  parallelization_factor             = each.value.parallelization_factor
  maximum_retry_attempts             = each.value.maximum_retry_attempts
  maximum_record_age_in_seconds      = each.value.maximum_record_age_in_seconds
  bisect_batch_on_function_error     = each.value.bisect_batch_on_function_error
  function_response_types            = each.value.report_batch_item_failures ? ["ReportBatchItemFailures"] : []

  destination_config {
    on_failure {
      destination_arn = each.value.on_failure_destination.arn
    }
  }

  dynamic "filter_criteria" {
    for_each = length(each.value.filter_patterns) > 0 ? [each.value.filter_patterns] : []
    content {
      dynamic "filter" {
        for_each = filter_criteria.value
        content {
          pattern = filter.value
        }
      }
    }
  }

  tags = var.tags

  # Lambda checks the role's stream permissions when the mapping is created.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_function_url" "this" {
  count = var.function_url != null ? 1 : 0

  function_name      = aws_lambda_function.this.function_name
  qualifier          = local.has_alias ? local.alias.name : null
  authorization_type = var.function_url.authorization_type
  invoke_mode        = var.function_url.invoke_mode

  dynamic "cors" {
    for_each = var.function_url.cors != null ? [var.function_url.cors] : []
    content {
      allow_origins = cors.value.allow_origins
      allow_methods = cors.value.allow_methods
      # Lambda stores an empty list as absent; null keeps the re-plan empty.
      allow_headers     = length(cors.value.allow_headers) > 0 ? cors.value.allow_headers : null
      expose_headers    = length(cors.value.expose_headers) > 0 ? cors.value.expose_headers : null
      allow_credentials = cors.value.allow_credentials
      max_age           = cors.value.max_age
    }
  }
}

# A NONE URL answers 403 until the function's policy lets anyone invoke it; the permission is
# limited to calls through a NONE function URL, so it opens the URL and nothing else.
resource "aws_lambda_permission" "public_function_url" {
  count = try(var.function_url.public, false) ? 1 : 0

  statement_id           = "PublicFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.this.function_name
  qualifier              = local.has_alias ? local.alias.name : null
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "invoke" {
  for_each = var.invoke_permissions

  statement_id   = "Invoke${each.key}"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.this.function_name
  qualifier      = local.has_alias ? local.alias.name : null
  principal      = "${each.value.service}.${data.aws_partition.current.dns_suffix}"
  source_arn     = each.value.source_arn
  source_account = each.value.source_account
}
