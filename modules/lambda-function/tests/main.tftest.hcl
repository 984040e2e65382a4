# Native tests: mock AWS provider, values known at plan time, one run per behaviour.
# Every validation and precondition has its own expect_failures run in validations.tftest.hcl.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  # Values this module's assertions name, over the shared mocks.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/orders-worker-exec"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-worker"
    }
  }
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

run "defaults_are_secure" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"]) && aws_lambda_function.this.memory_size == 256 && aws_lambda_function.this.timeout == 30
    error_message = "arm64, 256 MB and 30 s are the defaults"
  }
  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 10
    error_message = "reserved concurrency is always set"
  }
  assert {
    condition     = aws_lambda_function.this.kms_key_arn == var.kms_key_arn
    error_message = "environment variables are encrypted with the customer key"
  }
  assert {
    condition     = aws_lambda_function.this.filename == "tests/fixtures/function.zip" && aws_lambda_function.this.source_code_hash == filebase64sha256("tests/fixtures/function.zip")
    error_message = "a local zip is deployed with its base64 SHA-256 so a changed zip redeploys"
  }
  assert {
    condition     = aws_lambda_function.this.s3_bucket == null && !aws_lambda_function.this.publish
    error_message = "no S3 source and no published version by default"
  }
  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "X-Ray tracing is active by default"
  }
  assert {
    condition = (
      aws_lambda_function.this.logging_config[0].log_format == "JSON" &&
      aws_lambda_function.this.logging_config[0].log_group == "/aws/lambda/orders-worker" &&
      aws_lambda_function.this.logging_config[0].application_log_level == "INFO"
    )
    error_message = "JSON logs go to the module's log group"
  }
  assert {
    condition     = aws_cloudwatch_log_group.this[0].retention_in_days == 30 && aws_cloudwatch_log_group.this[0].kms_key_id == var.kms_key_arn
    error_message = "the log group expires and is encrypted with the customer key"
  }
  assert {
    condition     = aws_lambda_function.this.ephemeral_storage[0].size == 512 && length(aws_lambda_function.this.environment) == 0
    error_message = "512 MB /tmp and no environment block without variables"
  }
  assert {
    condition     = aws_iam_role.this.permissions_boundary == var.permissions_boundary_arn && aws_iam_role.this.name == "orders-worker-exec"
    error_message = "the execution role carries the permissions boundary"
  }
  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
    error_message = "only Lambda can assume the execution role"
  }
  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement == [
      {
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-worker:*"]
      },
      {
        Sid      = "XRay"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      },
    ]
    error_message = "without grants the policy holds exactly the log stream and X-Ray statements"
  }
  assert {
    condition     = length(aws_lambda_alias.live) == 0 && length(aws_lambda_provisioned_concurrency_config.live) == 0 && length(aws_codedeploy_app.this) == 0
    error_message = "no alias, provisioned concurrency or CodeDeploy by default"
  }
  assert {
    condition     = length(aws_lambda_function_event_invoke_config.this) == 0 && length(aws_lambda_event_source_mapping.sqs) == 0
    error_message = "no async config or event source unless asked"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["errors", "throttles", "duration-p99", "concurrent-executions"])
    error_message = "all four alarms exist by default"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.this["duration-p99"].extended_statistic == "p99" &&
      aws_cloudwatch_metric_alarm.this["duration-p99"].statistic == null &&
      aws_cloudwatch_metric_alarm.this["duration-p99"].threshold == 24000 &&
      aws_cloudwatch_metric_alarm.this["concurrent-executions"].threshold == 8 &&
      aws_cloudwatch_metric_alarm.this["errors"].threshold == 1 &&
      aws_cloudwatch_metric_alarm.this["throttles"].metric_name == "Throttles" &&
      aws_cloudwatch_metric_alarm.this["errors"].dimensions == tomap({ FunctionName = "orders-worker" }) &&
      aws_cloudwatch_metric_alarm.this["errors"].alarm_actions == toset([var.alarm_topic_arn])
    )
    error_message = "p99 duration at 80% of the timeout, concurrency at 80% of reserved, errors >= 1, all to the topic"
  }
  assert {
    condition     = output.invoke_target_arn == "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker" && output.alias_arn == null
    error_message = "without an alias callers invoke the function"
  }
}

run "s3_package_with_layers_and_environment" {
  command = plan

  variables {
    package = {
      s3_bucket         = "artifacts-123456789012"
      s3_key            = "orders-worker/1.4.0.zip"
      s3_object_version = "3HL4kqtJlcpXroDTDmJ"
      source_code_hash  = "TXijIiMCEF//Fq2zt+76dQJLhVCdyYUrhz+tcMJPghI="
    }
    architecture           = "x86_64"
    layers                 = ["arn:aws:lambda:eu-west-1:123456789012:layer:powertools:3"]
    ephemeral_storage_size = 2048
    environment_variables  = { TABLE_NAME = "orders", LOG_LEVEL = "INFO" }
  }

  assert {
    condition = (
      aws_lambda_function.this.s3_bucket == "artifacts-123456789012" &&
      aws_lambda_function.this.s3_key == "orders-worker/1.4.0.zip" &&
      aws_lambda_function.this.s3_object_version == "3HL4kqtJlcpXroDTDmJ" &&
      aws_lambda_function.this.source_code_hash == "TXijIiMCEF//Fq2zt+76dQJLhVCdyYUrhz+tcMJPghI=" &&
      aws_lambda_function.this.filename == null
    )
    error_message = "an S3 package is deployed from the given object and hash"
  }
  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["x86_64"]) && aws_lambda_function.this.layers == tolist(["arn:aws:lambda:eu-west-1:123456789012:layer:powertools:3"])
    error_message = "architecture and layers are passed through"
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables == tomap({ TABLE_NAME = "orders", LOG_LEVEL = "INFO" }) && aws_lambda_function.this.ephemeral_storage[0].size == 2048
    error_message = "environment and /tmp size are passed through"
  }
}

run "container_image_package" {
  command = plan

  variables {
    package = {
      image_uri    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      image_config = { command = ["app.handler"], entry_point = ["/lambda-entrypoint.sh"], working_directory = "/var/task" }
    }
    handler = null
    runtime = null
  }

  assert {
    condition     = aws_lambda_function.this.package_type == "Image" && aws_lambda_function.this.image_uri == var.package.image_uri
    error_message = "an image_uri package deploys the ECR image as package type Image"
  }
  assert {
    condition     = aws_lambda_function.this.handler == null && aws_lambda_function.this.runtime == null && aws_lambda_function.this.filename == null && aws_lambda_function.this.s3_bucket == null
    error_message = "an image function has no handler, runtime or zip of its own"
  }
  assert {
    condition = (
      aws_lambda_function.this.image_config[0].command == tolist(["app.handler"]) &&
      aws_lambda_function.this.image_config[0].entry_point == tolist(["/lambda-entrypoint.sh"]) &&
      aws_lambda_function.this.image_config[0].working_directory == "/var/task"
    )
    error_message = "image_config overrides CMD, ENTRYPOINT and WORKDIR"
  }
  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 10 && aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "an image function keeps the module's safe defaults"
  }
}

run "image_by_tag_without_image_config" {
  command = plan

  variables {
    package = { image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-worker:2026.11.30-1" }
    handler = null
    runtime = null
  }

  assert {
    condition     = aws_lambda_function.this.package_type == "Image" && length(aws_lambda_function.this.image_config) == 0
    error_message = "a tagged image without overrides creates no image_config block"
  }
}

run "vpc_attachment_with_scoped_network_interface_permissions" {
  command = plan

  variables {
    vpc = {
      subnet_ids                  = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
      security_group_ids          = ["sg-0123456789abcdef0"]
      ipv6_allowed_for_dual_stack = true
    }
  }

  assert {
    condition = (
      aws_lambda_function.this.vpc_config[0].subnet_ids == toset(["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]) &&
      aws_lambda_function.this.vpc_config[0].security_group_ids == toset(["sg-0123456789abcdef0"]) &&
      aws_lambda_function.this.vpc_config[0].ipv6_allowed_for_dual_stack
    )
    error_message = "the function is attached to the given subnets and security groups"
  }
  assert {
    condition = one([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if s.Sid == "VpcDescribe"]) == {
      Sid      = "VpcDescribe"
      Effect   = "Allow"
      Action   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
      Resource = ["*"]
    }
    error_message = "only the Describe actions, which have no resource types, are on *"
  }
  assert {
    condition = one([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if s.Sid == "VpcCreateNetworkInterface"]).Resource == [
      "arn:aws:ec2:eu-west-1:123456789012:network-interface/*",
      "arn:aws:ec2:eu-west-1:*:subnet/subnet-0a1b2c3d4e5f60718",
      "arn:aws:ec2:eu-west-1:*:subnet/subnet-0f1e2d3c4b5a69788",
      "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0",
    ]
    error_message = "interfaces are created only in the function's subnets with its security groups"
  }
  assert {
    condition = (
      one([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if s.Sid == "VpcManageNetworkInterfaces"]).Action == ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"] &&
      one([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if s.Sid == "VpcManageNetworkInterfaces"]).Resource == ["arn:aws:ec2:eu-west-1:123456789012:network-interface/*"]
    )
    error_message = "interfaces are managed only in this account and region"
  }
}

run "no_vpc_no_network_permissions" {
  command = plan

  assert {
    condition     = length(aws_lambda_function.this.vpc_config) == 0 && length([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if startswith(s.Sid, "Vpc")]) == 0
    error_message = "without vpc the function has no VPC config and the role no ec2 actions"
  }
}

run "snap_start_on_published_java_versions" {
  command = plan

  variables {
    runtime    = "java21"
    handler    = "orders.Handler::handleRequest"
    publish    = true
    snap_start = true
  }

  assert {
    condition     = aws_lambda_function.this.snap_start[0].apply_on == "PublishedVersions" && aws_lambda_function.this.publish
    error_message = "SnapStart applies to the published versions"
  }
  assert {
    condition     = aws_lambda_alias.live[0].name == "live"
    error_message = "the live alias serves the published, snapshotted version"
  }
}

run "no_snap_start_by_default" {
  command = plan

  assert {
    condition     = length(aws_lambda_function.this.snap_start) == 0
    error_message = "SnapStart is off unless asked for"
  }
}

run "existing_log_group_by_name" {
  command = plan

  variables {
    existing_log_group_name = "/orders/shared"
    log_retention_days      = null
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.this) == 0
    error_message = "the module creates no log group when one is named"
  }
  assert {
    condition     = aws_lambda_function.this.logging_config[0].log_group == "/orders/shared" && output.log_group_name == "/orders/shared"
    error_message = "the function logs to the existing group"
  }
  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Resource if s.Sid == "Logs"]) == ["arn:aws:logs:eu-west-1:123456789012:log-group:/orders/shared:*"]
    error_message = "the role may write only to the existing group's streams"
  }
  assert {
    condition     = output.log_group_arn == "arn:aws:logs:eu-west-1:123456789012:log-group:/orders/shared"
    error_message = "the log group ARN output names the existing group"
  }
}

run "typed_grants_become_the_smallest_statements" {
  command = plan

  variables {
    grants = {
      orders = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", access = "read_write" }
      rates  = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/rates", access = "read" }
      audit  = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/audit", access = "write" }
      work   = { sqs_queue_arn = "arn:aws:sqs:eu-west-1:123456789012:work", access = "send" }
      inbox  = { sqs_queue_arn = "arn:aws:sqs:eu-west-1:123456789012:inbox", access = "consume" }
      bus    = { event_bus_arn = "arn:aws:events:eu-west-1:123456789012:event-bus/orders", access = "put" }
      key    = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/aaaa-bbbb", access = "encrypt_decrypt" }
      other  = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/cccc-dddd", access = "decrypt" }
      news   = { sns_topic_arn = "arn:aws:sns:eu-west-1:123456789012:news", access = "publish" }
    }
  }

  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => [s.Action, s.Resource] } == {
      Logs = [["logs:CreateLogStream", "logs:PutLogEvents"], ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-worker:*"]]
      XRay = [["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]]
      GrantordersRead = [["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"],
      ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*"]]
      GrantordersWrite = [["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"]]
      Grantrates = [["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"],
      ["arn:aws:dynamodb:eu-west-1:123456789012:table/rates", "arn:aws:dynamodb:eu-west-1:123456789012:table/rates/index/*"]]
      Grantaudit = [["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], ["arn:aws:dynamodb:eu-west-1:123456789012:table/audit"]]
      Grantwork  = [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:work"]]
      Grantinbox = [["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], ["arn:aws:sqs:eu-west-1:123456789012:inbox"]]
      Grantbus   = [["events:PutEvents"], ["arn:aws:events:eu-west-1:123456789012:event-bus/orders"]]
      Grantkey   = [["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], ["arn:aws:kms:eu-west-1:123456789012:key/aaaa-bbbb"]]
      Grantother = [["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/cccc-dddd"]]
      Grantnews  = [["sns:Publish"], ["arn:aws:sns:eu-west-1:123456789012:news"]]
    }
    error_message = "each grant maps to its smallest action set on exactly its ARN (indexes for DynamoDB reads only)"
  }
  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Effect == "Allow" && (s.Sid == "XRay" || !contains(s.Resource, "*"))])
    error_message = "no statement but XRay has a * resource"
  }
}

run "extra_statements_are_prefixed_and_carry_conditions" {
  command = plan

  variables {
    extra_policy_statements = [{
      sid       = "ReadConfig"
      actions   = ["ssm:GetParameter", "ssm:GetParametersByPath"]
      resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/orders/*"]
      conditions = [
        { test = "StringEquals", variable = "aws:ResourceAccount", values = ["123456789012"] },
        { test = "Bool", variable = "aws:SecureTransport", values = ["true"] },
      ]
    }]
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement[2] == {
      Sid       = "ExtraReadConfig"
      Effect    = "Allow"
      Action    = ["ssm:GetParameter", "ssm:GetParametersByPath"]
      Resource  = ["arn:aws:ssm:eu-west-1:123456789012:parameter/orders/*"]
      Condition = { StringEquals = { "aws:ResourceAccount" = ["123456789012"] }, Bool = { "aws:SecureTransport" = ["true"] } }
    }
    error_message = "extra statements keep their actions/resources, get an Extra prefix and IAM-shaped conditions"
  }
}

run "sqs_event_source_adds_the_consumer_grant" {
  command = plan

  variables {
    sqs_event_sources = {
      orders = {
        queue_arn                          = "arn:aws:sqs:eu-west-1:123456789012:orders"
        kms_key_arn                        = "arn:aws:kms:eu-west-1:123456789012:key/queue-key"
        batch_size                         = 50
        maximum_batching_window_in_seconds = 5
        maximum_concurrency                = 5
        filter_patterns                    = ["{\"body\":{\"type\":[\"order\"]}}"]
      }
    }
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.sqs["orders"].event_source_arn == "arn:aws:sqs:eu-west-1:123456789012:orders" &&
      aws_lambda_event_source_mapping.sqs["orders"].function_name == "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker" &&
      aws_lambda_event_source_mapping.sqs["orders"].batch_size == 50 &&
      aws_lambda_event_source_mapping.sqs["orders"].maximum_batching_window_in_seconds == 5 &&
      aws_lambda_event_source_mapping.sqs["orders"].function_response_types == toset(["ReportBatchItemFailures"]) &&
      aws_lambda_event_source_mapping.sqs["orders"].scaling_config[0].maximum_concurrency == 5 &&
      aws_lambda_event_source_mapping.sqs["orders"].enabled
    )
    error_message = "the mapping reports batch item failures by default and caps its concurrency"
  }
  assert {
    condition     = one(one(aws_lambda_event_source_mapping.sqs["orders"].filter_criteria).filter).pattern == "{\"body\":{\"type\":[\"order\"]}}"
    error_message = "filter patterns are passed through"
  }
  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if startswith(s.Sid, "EventSource")] == [
      {
        Sid      = "EventSourceordersConsume"
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource = ["arn:aws:sqs:eu-west-1:123456789012:orders"]
      },
      {
        Sid       = "EventSourceordersDecrypt"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"]
        Condition = { StringEquals = { "kms:ViaService" = "sqs.eu-west-1.amazonaws.com" } }
      },
    ]
    error_message = "the consumer grant and the key decrypt (via SQS only) are added automatically"
  }
}

run "report_batch_item_failures_can_be_switched_off" {
  command = plan

  variables {
    sqs_event_sources = {
      plain = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:plain.fifo", report_batch_item_failures = false }
    }
  }

  assert {
    condition     = length(aws_lambda_event_source_mapping.sqs["plain"].function_response_types) == 0 && length(aws_lambda_event_source_mapping.sqs["plain"].scaling_config) == 0
    error_message = "explicitly off means no function response types; no cap without maximum_concurrency"
  }
  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if s.Sid == "EventSourceplainDecrypt"]) == 0
    error_message = "no decrypt statement for a queue without a key"
  }
}

run "dynamodb_stream_source_from_the_table_grant_target" {
  command = plan

  variables {
    stream_event_sources = {
      orders = {
        # The shape of the dynamodb-table module's grant_target output.
        source = {
          type        = "dynamodb_table"
          arn         = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
          kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key"
          stream_arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"
        }
        on_failure_destination = {
          type        = "sqs_queue"
          arn         = "arn:aws:sqs:eu-west-1:123456789012:orders-stream-failed"
          kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/queue-key"
        }
        filter_patterns = ["{\"eventName\":[\"INSERT\"]}"]
      }
    }
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.stream["orders"].event_source_arn == "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" &&
      aws_lambda_event_source_mapping.stream["orders"].function_name == "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker" &&
      aws_lambda_event_source_mapping.stream["orders"].starting_position == "LATEST" &&
      aws_lambda_event_source_mapping.stream["orders"].maximum_retry_attempts == 10 &&
      aws_lambda_event_source_mapping.stream["orders"].maximum_record_age_in_seconds == 3600 &&
      aws_lambda_event_source_mapping.stream["orders"].bisect_batch_on_function_error &&
      aws_lambda_event_source_mapping.stream["orders"].function_response_types == toset(["ReportBatchItemFailures"]) &&
      one(one(aws_lambda_event_source_mapping.stream["orders"].destination_config).on_failure).destination_arn == "arn:aws:sqs:eu-west-1:123456789012:orders-stream-failed"
    )
    error_message = "the mapping reads the table's stream with finite retries and age, bisects, reports item failures and sends expired records to the destination"
  }
  assert {
    condition     = one(one(aws_lambda_event_source_mapping.stream["orders"].filter_criteria).filter).pattern == "{\"eventName\":[\"INSERT\"]}"
    error_message = "filter patterns are passed through"
  }
  assert {
    condition = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s if startswith(s.Sid, "Stream")] == [
      {
        Sid      = "StreamordersRead"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
        Resource = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"]
      },
      {
        Sid       = "StreamordersDecrypt"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/table-key"]
        Condition = { StringEquals = { "kms:ViaService" = "dynamodb.eu-west-1.amazonaws.com" } }
      },
      {
        Sid      = "StreamordersOnFailure"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = ["arn:aws:sqs:eu-west-1:123456789012:orders-stream-failed"]
      },
      {
        Sid       = "StreamordersOnFailureKey"
        Effect    = "Allow"
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"]
        Condition = { StringEquals = { "kms:ViaService" = "sqs.eu-west-1.amazonaws.com" } }
      },
    ]
    error_message = "the role reads exactly the stream, decrypts the table key through DynamoDB and sends to the destination with its key through SQS"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["iterator-age"].metric_name == "IteratorAge" && aws_cloudwatch_metric_alarm.this["iterator-age"].threshold == 60000
    error_message = "a stream source adds the iterator-age alarm"
  }
}

run "kinesis_source_with_explicit_settings" {
  command = plan

  variables {
    stream_event_sources = {
      clicks = {
        source                             = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" }
        on_failure_destination             = { type = "sns_topic", arn = "arn:aws:sns:eu-west-1:123456789012:clicks-failed" }
        starting_position                  = "TRIM_HORIZON"
        batch_size                         = 500
        maximum_batching_window_in_seconds = 5
        parallelization_factor             = 4
        maximum_retry_attempts             = 2
        maximum_record_age_in_seconds      = 600
        bisect_batch_on_function_error     = false
        report_batch_item_failures         = false
      }
    }
    iterator_age_alarm_threshold_ms = 300000
  }

  assert {
    condition = (
      aws_lambda_event_source_mapping.stream["clicks"].event_source_arn == "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks" &&
      aws_lambda_event_source_mapping.stream["clicks"].starting_position == "TRIM_HORIZON" &&
      aws_lambda_event_source_mapping.stream["clicks"].batch_size == 500 &&
      aws_lambda_event_source_mapping.stream["clicks"].parallelization_factor == 4 &&
      aws_lambda_event_source_mapping.stream["clicks"].maximum_retry_attempts == 2 &&
      aws_lambda_event_source_mapping.stream["clicks"].maximum_record_age_in_seconds == 600 &&
      !aws_lambda_event_source_mapping.stream["clicks"].bisect_batch_on_function_error &&
      length(aws_lambda_event_source_mapping.stream["clicks"].function_response_types) == 0 &&
      length(aws_lambda_event_source_mapping.stream["clicks"].filter_criteria) == 0
    )
    error_message = "explicit settings are passed through"
  }
  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => [s.Action, s.Resource] if startswith(s.Sid, "Stream") } == {
      StreamclicksRead      = [["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], ["arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"]]
      StreamclicksOnFailure = [["sns:Publish"], ["arn:aws:sns:eu-west-1:123456789012:clicks-failed"]]
    }
    error_message = "a Kinesis stream without keys: the read actions on the stream and publish on the topic, nothing else"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["iterator-age"].threshold == 300000
    error_message = "the iterator-age threshold is configurable"
  }
}

run "function_url_is_iam_authenticated_by_default" {
  command = plan

  variables {
    function_url = {}
  }

  assert {
    condition = (
      aws_lambda_function_url.this[0].authorization_type == "AWS_IAM" &&
      aws_lambda_function_url.this[0].invoke_mode == "BUFFERED" &&
      aws_lambda_function_url.this[0].qualifier == null &&
      length(aws_lambda_function_url.this[0].cors) == 0 &&
      length(aws_lambda_permission.public_function_url) == 0
    )
    error_message = "a function URL takes IAM authentication and opens nothing by default"
  }
}

run "public_streaming_function_url_with_cors_on_the_alias" {
  command = plan

  variables {
    publish = true
    function_url = {
      authorization_type = "NONE"
      public             = true
      invoke_mode        = "RESPONSE_STREAM"
      cors               = { allow_origins = ["https://shop.example.com"], allow_methods = ["GET", "POST"], max_age = 600 }
    }
  }

  assert {
    condition = (
      aws_lambda_function_url.this[0].authorization_type == "NONE" &&
      aws_lambda_function_url.this[0].invoke_mode == "RESPONSE_STREAM" &&
      aws_lambda_function_url.this[0].qualifier == "live" &&
      aws_lambda_function_url.this[0].cors[0].allow_origins == toset(["https://shop.example.com"]) &&
      aws_lambda_function_url.this[0].cors[0].allow_methods == toset(["GET", "POST"]) &&
      aws_lambda_function_url.this[0].cors[0].max_age == 600 &&
      !aws_lambda_function_url.this[0].cors[0].allow_credentials
    )
    error_message = "an explicitly public URL streams on the live alias with the listed origins"
  }
  assert {
    condition = (
      aws_lambda_permission.public_function_url[0].action == "lambda:InvokeFunctionUrl" &&
      aws_lambda_permission.public_function_url[0].principal == "*" &&
      aws_lambda_permission.public_function_url[0].function_url_auth_type == "NONE" &&
      aws_lambda_permission.public_function_url[0].qualifier == "live"
    )
    error_message = "the public permission opens the NONE URL only"
  }
}

run "invoke_permissions_are_scoped_to_their_source" {
  command = plan

  variables {
    invoke_permissions = {
      uploads = { service = "s3", source_arn = "arn:aws:s3:::orders-uploads", source_account = "123456789012" }
      updates = { service = "sns", source_arn = "arn:aws:sns:eu-west-1:123456789012:order-updates" }
    }
  }

  assert {
    condition = (
      aws_lambda_permission.invoke["uploads"].statement_id == "Invokeuploads" &&
      aws_lambda_permission.invoke["uploads"].principal == "s3.amazonaws.com" &&
      aws_lambda_permission.invoke["uploads"].source_arn == "arn:aws:s3:::orders-uploads" &&
      aws_lambda_permission.invoke["uploads"].source_account == "123456789012" &&
      aws_lambda_permission.invoke["updates"].principal == "sns.amazonaws.com" &&
      aws_lambda_permission.invoke["updates"].source_arn == "arn:aws:sns:eu-west-1:123456789012:order-updates" &&
      aws_lambda_permission.invoke["updates"].source_account == null &&
      aws_lambda_permission.invoke["updates"].action == "lambda:InvokeFunction"
    )
    error_message = "each service may invoke the function from exactly its source"
  }
}

run "infrequent_access_log_group" {
  command = plan

  variables {
    log_group_class = "INFREQUENT_ACCESS"
  }

  assert {
    condition     = aws_cloudwatch_log_group.this[0].log_group_class == "INFREQUENT_ACCESS"
    error_message = "the log group class is passed through"
  }
}

run "async_invocation_with_destinations" {
  command = plan

  variables {
    async_invocation = {
      on_failure_destination_arn   = "arn:aws:sqs:eu-west-1:123456789012:orders-failed"
      on_success_destination_arn   = "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
      dead_letter_target_arn       = "arn:aws:sns:eu-west-1:123456789012:orders-dead"
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 600
    }
  }

  assert {
    condition = (
      aws_lambda_function_event_invoke_config.this[0].maximum_retry_attempts == 0 &&
      aws_lambda_function_event_invoke_config.this[0].maximum_event_age_in_seconds == 600 &&
      aws_lambda_function_event_invoke_config.this[0].qualifier == null &&
      aws_lambda_function_event_invoke_config.this[0].destination_config[0].on_failure[0].destination == "arn:aws:sqs:eu-west-1:123456789012:orders-failed" &&
      aws_lambda_function_event_invoke_config.this[0].destination_config[0].on_success[0].destination == "arn:aws:events:eu-west-1:123456789012:event-bus/orders"
    )
    error_message = "retries, event age and destinations are configured on the unqualified function"
  }
  assert {
    condition     = aws_lambda_function.this.dead_letter_config[0].target_arn == "arn:aws:sns:eu-west-1:123456789012:orders-dead"
    error_message = "the dead-letter target is set on the function"
  }
  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => [s.Action, s.Resource] if !contains(["Logs", "XRay"], s.Sid) } == {
      AsyncOnFailure = [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:orders-failed"]]
      AsyncOnSuccess = [["events:PutEvents"], ["arn:aws:events:eu-west-1:123456789012:event-bus/orders"]]
      DeadLetter     = [["sns:Publish"], ["arn:aws:sns:eu-west-1:123456789012:orders-dead"]]
    }
    error_message = "the role may deliver to exactly the configured destinations"
  }
}

run "published_alias_with_provisioned_concurrency" {
  command = plan

  variables {
    publish                 = true
    provisioned_concurrency = 4
    async_invocation        = { dead_letter_target_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dead" }
    sqs_event_sources       = { orders = { queue_arn = "arn:aws:sqs:eu-west-1:123456789012:orders" } }
  }

  assert {
    condition     = aws_lambda_function.this.publish && aws_lambda_alias.live[0].name == "live" && aws_lambda_alias.live[0].function_version == "7"
    error_message = "the live alias points at the published version"
  }
  assert {
    condition     = aws_lambda_provisioned_concurrency_config.live[0].qualifier == "live" && aws_lambda_provisioned_concurrency_config.live[0].provisioned_concurrent_executions == 4
    error_message = "provisioned concurrency sits on the live alias"
  }
  assert {
    condition     = aws_lambda_function_event_invoke_config.this[0].qualifier == "live" && aws_lambda_event_source_mapping.sqs["orders"].function_name == "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live"
    error_message = "async settings and event sources target the alias"
  }
  assert {
    condition     = output.alias_arn == "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" && endswith(output.invoke_arn, ":live/invocations")
    error_message = "outputs are alias-qualified"
  }
  assert {
    condition     = output.codedeploy_appspec == null && length(aws_lambda_alias.live_deployed_by_codedeploy) == 0
    error_message = "without codedeploy Terraform moves the alias itself"
  }
}

run "codedeploy_canary_rolls_back_on_errors" {
  command = plan

  variables {
    publish    = true
    codedeploy = { strategy = "canary", percentage = 10, interval_minutes = 5 }
  }

  assert {
    condition     = length(aws_lambda_alias.live) == 0 && aws_lambda_alias.live_deployed_by_codedeploy[0].name == "live"
    error_message = "CodeDeploy owns the alias"
  }
  assert {
    condition     = aws_codedeploy_app.this[0].compute_platform == "Lambda" && aws_codedeploy_app.this[0].name == "orders-worker"
    error_message = "a Lambda CodeDeploy application"
  }
  assert {
    condition     = length(aws_codedeploy_deployment_config.this) == 0
    error_message = "a 10% / 5 minute canary is one AWS predefines: no config of our own"
  }
  assert {
    condition = (
      aws_codedeploy_deployment_group.this[0].deployment_config_name == "CodeDeployDefault.LambdaCanary10Percent5Minutes" &&
      aws_codedeploy_deployment_group.this[0].alarm_configuration[0].alarms == toset(["orders-worker-errors"]) &&
      aws_codedeploy_deployment_group.this[0].auto_rollback_configuration[0].events == toset(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]) &&
      aws_codedeploy_deployment_group.this[0].deployment_style[0].deployment_option == "WITH_TRAFFIC_CONTROL"
    )
    error_message = "the errors alarm rolls the deployment back"
  }
  assert {
    condition     = aws_iam_role.codedeploy[0].permissions_boundary == var.permissions_boundary_arn && aws_iam_role.codedeploy[0].name == "orders-worker-deploy"
    error_message = "the CodeDeploy role carries the boundary too"
  }
  assert {
    condition = jsondecode(aws_iam_role_policy.codedeploy[0].policy).Statement[*].Resource == [
      ["arn:aws:lambda:eu-west-1:123456789012:function:orders-worker", "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live"],
      ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-worker-errors"],
    ]
    error_message = "the CodeDeploy role may shift only this alias and read only the rollback alarm"
  }
  assert {
    condition     = jsondecode(output.codedeploy_appspec).Resources[0]["orders-worker"].Properties.Alias == "live" && jsondecode(output.codedeploy_appspec).Resources[0]["orders-worker"].Properties.TargetVersion == "7"
    error_message = "the appspec shifts the live alias to the newly published version"
  }
}

run "codedeploy_custom_canary" {
  command = plan

  variables {
    publish    = true
    codedeploy = { strategy = "canary", percentage = 20, interval_minutes = 7 }
  }

  assert {
    condition = (
      aws_codedeploy_deployment_config.this[0].deployment_config_name == "orders-worker-canary-20pct-7min" &&
      aws_codedeploy_deployment_config.this[0].compute_platform == "Lambda" &&
      aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].type == "TimeBasedCanary" &&
      aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].time_based_canary[0].percentage == 20 &&
      aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].time_based_canary[0].interval == 7 &&
      length(aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].time_based_linear) == 0
    )
    error_message = "a shape AWS does not predefine gets its own config: 20% canary for 7 minutes"
  }
  assert {
    condition     = aws_codedeploy_deployment_group.this[0].deployment_config_name == "orders-worker-canary-20pct-7min"
    error_message = "the deployment group uses the custom config"
  }
}

run "codedeploy_predefined_all_at_once" {
  command = plan

  variables {
    publish    = true
    codedeploy = { strategy = "all_at_once" }
  }

  assert {
    condition     = length(aws_codedeploy_deployment_config.this) == 0 && aws_codedeploy_deployment_group.this[0].deployment_config_name == "CodeDeployDefault.LambdaAllAtOnce"
    error_message = "all at once uses the predefined config"
  }
}

run "codedeploy_linear" {
  command = plan

  variables {
    publish    = true
    codedeploy = { strategy = "linear", percentage = 25, interval_minutes = 2 }
  }

  assert {
    condition = (
      aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].type == "TimeBasedLinear" &&
      aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].time_based_linear[0].percentage == 25 &&
      length(aws_codedeploy_deployment_config.this[0].traffic_routing_config[0].time_based_canary) == 0
    )
    error_message = "linear 25% every 2 minutes"
  }
}

run "alarms_can_be_switched_off_explicitly" {
  command = plan

  variables {
    alarms_enabled  = false
    alarm_topic_arn = null
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0 && output.alarm_arns == {}
    error_message = "no alarms when explicitly disabled"
  }
}

run "thresholds_are_configurable" {
  command = plan

  variables {
    timeout                     = 120
    reserved_concurrency        = 3
    concurrency_alarm_percent   = 50
    duration_alarm_threshold_ms = 60000
    errors_alarm_threshold      = 5
    tracing_mode                = "PassThrough"
    log_group_kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/logs-key"
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.this["duration-p99"].threshold == 60000 &&
      aws_cloudwatch_metric_alarm.this["concurrent-executions"].threshold == 2 &&
      aws_cloudwatch_metric_alarm.this["errors"].threshold == 5
    )
    error_message = "thresholds follow the inputs (concurrency rounds up: 50% of 3 -> 2)"
  }
  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "PassThrough" && aws_cloudwatch_log_group.this[0].kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/logs-key"
    error_message = "tracing mode and the log group key are configurable"
  }
}

# --- Typed grants on module grant_target outputs: the target's key comes with the grant ---------

run "grant_targets_bring_their_keys" {
  command = plan

  variables {
    grants = {
      orders  = { target = { type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" }, access = "read_write" }
      changes = { target = { type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" }, access = "read_stream" }
      work    = { target = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:work", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/queue-key" }, access = "send" }
      inbox   = { target = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:inbox", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/queue-key" }, access = "consume" }
      bus     = { target = { type = "event_bus", arn = "arn:aws:events:eu-west-1:123456789012:event-bus/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/bus-key" }, access = "put" }
      alerts  = { target = { type = "sns_topic", arn = "arn:aws:sns:eu-west-1:123456789012:alerts", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/topic-key" }, access = "publish" }
      plain   = { target = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:plain" }, access = "send" }
    }
  }

  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => [s.Action, s.Resource, try(s.Condition.StringEquals["kms:ViaService"], null)] if startswith(s.Sid, "Grant") } == {
      GrantordersRead = [["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"],
      ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*"], null]
      GrantordersWrite = [["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"], null]
      GrantordersKey   = [["kms:Decrypt", "kms:DescribeKey"], ["arn:aws:kms:eu-west-1:123456789012:key/table-key"], "dynamodb.eu-west-1.amazonaws.com"]
      Grantchanges     = [["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"], null]
      GrantchangesKey  = [["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/table-key"], "dynamodb.eu-west-1.amazonaws.com"]
      Grantwork        = [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:work"], null]
      GrantworkKey     = [["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"], "sqs.eu-west-1.amazonaws.com"]
      Grantinbox       = [["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], ["arn:aws:sqs:eu-west-1:123456789012:inbox"], null]
      GrantinboxKey    = [["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/queue-key"], "sqs.eu-west-1.amazonaws.com"]
      Grantbus         = [["events:PutEvents"], ["arn:aws:events:eu-west-1:123456789012:event-bus/orders"], null]
      GrantbusKey      = [["kms:GenerateDataKey"], ["arn:aws:kms:eu-west-1:123456789012:key/bus-key"], "events.eu-west-1.amazonaws.com"]
      Grantalerts      = [["sns:Publish"], ["arn:aws:sns:eu-west-1:123456789012:alerts"], null]
      GrantalertsKey   = [["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/topic-key"], "sns.eu-west-1.amazonaws.com"]
      Grantplain       = [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:plain"], null]
    }
    error_message = "each typed grant adds the key actions its access needs, through the target's service only; a target without a key adds none"
  }
}

run "arn_grants_still_work_without_a_key" {
  command = plan

  variables {
    grants = {
      orders = { dynamodb_table_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", access = "write" }
      key    = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", access = "decrypt" }
    }
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid if startswith(s.Sid, "Grant")] == ["Grantkey", "Grantorders"]
    error_message = "the ARN forms give exactly their own statements, as before"
  }
}

run "rejects_unknown_grant_target_type" {
  command = plan
  variables {
    grants = { orders = { target = merge({ type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" }, { type = "glue_table" }), access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_grant_target_with_a_wildcard_arn" {
  command = plan
  variables {
    grants = { orders = { target = merge({ type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" }, { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/*" }), access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_access_that_does_not_fit_the_target_type" {
  command = plan
  variables {
    grants = { orders = { target = { type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" }, access = "send" } }
  }
  expect_failures = [var.grants]
}

run "rejects_read_stream_of_a_table_without_stream" {
  command = plan
  variables {
    grants = { changes = { target = merge({ type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/table-key", stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000" }, { stream_arn = null }), access = "read_stream" } }
  }
  expect_failures = [aws_iam_role_policy.this]
}

# Extra statements: action wildcards are judged with the gate's IAM table.

run "extra_read_wildcards_pass" {
  command = plan
  variables {
    extra_policy_statements = [
      { sid = "Describe", actions = ["dynamodb:Describe*", "dynamodb:Get*"], resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"] },
      { sid = "NoWrites", effect = "Deny", actions = ["dynamodb:*Item"], resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"] },
    ]
  }
  assert {
    condition     = contains([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid], "ExtraDescribe")
    error_message = "read-only wildcards (and Deny wildcards) are kept"
  }
}

run "rejects_wildcard_that_expands_to_writes" {
  command = plan
  variables {
    extra_policy_statements = [{ sid = "Items", actions = ["dynamodb:GetItem", "dynamodb:*Item"], resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"] }]
  }
  expect_failures = [aws_iam_role_policy.this]
}

run "rejects_wildcard_on_a_service_the_table_does_not_know" {
  command = plan
  variables {
    extra_policy_statements = [{ sid = "Unknown", actions = ["nosuchservice:Get*"], resources = ["arn:aws:nosuchservice:eu-west-1:123456789012:thing/x"] }]
  }
  expect_failures = [aws_iam_role_policy.this]
}

# --- Typed grants for secrets, parameters, S3, state machines, functions and streams ---------------

run "typed_grants_reach_secrets_parameters_objects_workflows_functions_and_streams" {
  command = plan
  variables {
    grants = {
      db        = { target = { type = "secretsmanager_secret", arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbC123", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/secret-key" }, access = "read" }
      flag      = { target = { type = "ssm_parameter", arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/prod/flag" }, access = "read" }
      config    = { target = { type = "ssm_parameter", arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/prod", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/param-key" }, access = "read_path" }
      exports   = { target = { type = "s3_bucket", arn = "arn:aws:s3:::orders-exports", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/bucket-key" }, prefix = "daily/", access = "read_write" }
      archive   = { target = { type = "s3_bucket", arn = "arn:aws:s3:::orders-archive" }, access = "read" }
      uploads   = { target = { type = "s3_bucket", arn = "arn:aws:s3:::orders-uploads" }, prefix = "in/raw", access = "write" }
      reconcile = { target = { type = "state_machine", arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/sfn-key" }, access = "start" }
      pricing   = { target = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:pricing:live" }, access = "invoke" }
      clicks    = { target = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/stream-key" }, access = "read" }
    }
  }

  assert {
    condition = { for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid => [s.Action, s.Resource, try(s.Condition, null)] if startswith(s.Sid, "Grant") } == {
      Grantdb           = [["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbC123"], null]
      GrantdbKey        = [["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/secret-key"], { StringEquals = { "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com" } }]
      Grantflag         = [["ssm:GetParameter", "ssm:GetParameters"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/orders/prod/flag"], null]
      Grantconfig       = [["ssm:GetParameter", "ssm:GetParameters"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/orders/prod/*"], null]
      GrantconfigPath   = [["ssm:GetParametersByPath"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/orders/prod"], null]
      GrantconfigKey    = [["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/param-key"], { StringEquals = { "kms:ViaService" = "ssm.eu-west-1.amazonaws.com" } }]
      GrantexportsRead  = [["s3:GetObject"], ["arn:aws:s3:::orders-exports/daily/*"], null]
      GrantexportsWrite = [["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], ["arn:aws:s3:::orders-exports/daily/*"], null]
      GrantexportsList  = [["s3:ListBucket"], ["arn:aws:s3:::orders-exports"], { StringLike = { "s3:prefix" = ["daily/*"] } }]
      GrantexportsKey   = [["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/bucket-key"], { StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }]
      Grantarchive      = [["s3:GetObject"], ["arn:aws:s3:::orders-archive/*"], null]
      GrantarchiveList  = [["s3:ListBucket"], ["arn:aws:s3:::orders-archive"], null]
      Grantuploads      = [["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], ["arn:aws:s3:::orders-uploads/in/raw/*"], null]
      Grantreconcile    = [["states:StartExecution"], ["arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile"], null]
      GrantreconcileKey = [["kms:GenerateDataKey", "kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/sfn-key"], { StringEquals = { "kms:ViaService" = "states.eu-west-1.amazonaws.com" } }]
      Grantpricing      = [["lambda:InvokeFunction"], ["arn:aws:lambda:eu-west-1:123456789012:function:pricing:live"], null]
      Grantclicks       = [["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], ["arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"], null]
      GrantclicksKey    = [["kms:Decrypt"], ["arn:aws:kms:eu-west-1:123456789012:key/stream-key"], { StringEquals = { "kms:ViaService" = "kinesis.eu-west-1.amazonaws.com" } }]
    }
    error_message = "each new grant kind maps to its smallest action set on exactly its ARN (objects under the prefix, parameters under the path), with its key through its service only"
  }
}

run "grant_target_output_invokes_the_live_alias" {
  command = plan
  variables {
    publish = true
  }
  assert {
    condition     = output.grant_target.type == "lambda_function" && output.grant_target.kms_key_arn == null
    error_message = "the function's grant_target is an invoke target without a key"
  }
}

run "rejects_secret_arn_without_its_random_suffix" {
  command = plan
  variables {
    grants = { db = { target = { type = "secretsmanager_secret", arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db" }, access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_secret_arn_with_a_wildcard" {
  command = plan
  variables {
    grants = { db = { target = { type = "secretsmanager_secret", arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-*" }, access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_parameter_path_with_a_wildcard" {
  command = plan
  variables {
    grants = { config = { target = { type = "ssm_parameter", arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/*" }, access = "read_path" } }
  }
  expect_failures = [var.grants]
}

run "rejects_bare_parameter_wildcard" {
  command = plan
  variables {
    grants = { config = { target = { type = "ssm_parameter", arn = "*" }, access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_s3_object_arn_as_bucket" {
  command = plan
  variables {
    grants = { exports = { target = { type = "s3_bucket", arn = "arn:aws:s3:::orders-exports/*" }, access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_s3_prefix_with_a_wildcard" {
  command = plan
  variables {
    grants = { exports = { target = { type = "s3_bucket", arn = "arn:aws:s3:::orders-exports" }, prefix = "daily/*", access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_prefix_on_a_target_other_than_a_bucket" {
  command = plan
  variables {
    grants = { flag = { target = { type = "ssm_parameter", arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/prod/flag" }, prefix = "daily/", access = "read" } }
  }
  expect_failures = [var.grants]
}

run "rejects_s3_access_that_is_not_read_or_write" {
  command = plan
  variables {
    grants = { exports = { target = { type = "s3_bucket", arn = "arn:aws:s3:::orders-exports" }, access = "start" } }
  }
  expect_failures = [var.grants]
}

run "rejects_state_machine_execution_arn" {
  command = plan
  variables {
    grants = { reconcile = { target = { type = "state_machine", arn = "arn:aws:states:eu-west-1:123456789012:execution:reconcile:run-1" }, access = "start" } }
  }
  expect_failures = [var.grants]
}

run "rejects_function_arn_with_a_wildcard_qualifier" {
  command = plan
  variables {
    grants = { pricing = { target = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:pricing:*" }, access = "invoke" } }
  }
  expect_failures = [var.grants]
}

run "rejects_a_key_on_a_function_target" {
  command = plan
  variables {
    grants = { pricing = { target = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:pricing", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/function-key" }, access = "invoke" } }
  }
  expect_failures = [var.grants]
}

run "rejects_kinesis_consumer_arn_as_stream" {
  command = plan
  variables {
    grants = { clicks = { target = { type = "kinesis_stream", arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks/consumer/app:1700000000" }, access = "read" } }
  }
  expect_failures = [var.grants]
}
