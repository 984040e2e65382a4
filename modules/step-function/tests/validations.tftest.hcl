# One expect_failures run per validation block and per precondition. Each run breaks exactly one
# rule on top of valid defaults, so a run passes only if that rule (and no other) rejects it.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name                     = "orders-reconcile"
  kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  permissions_boundary_arn = "arn:aws:iam::123456789012:policy/workload-boundary"
  log_retention_days       = 30
  alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:alerts"
  definition = jsonencode({
    StartAt = "Reconcile"
    States = {
      Reconcile = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live", "Payload.$" = "$" }
        Next       = "Report"
      }
      Report = {
        Type       = "Task"
        Resource   = "arn:aws:states:::sqs:sendMessage"
        Parameters = { QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-reports", "MessageBody.$" = "$" }
        End        = true
      }
    }
  })
  grants = {
    worker  = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" }
    reports = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-reports", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/queue-key" }
  }
}

run "rejects_name_with_spaces" {
  command = plan

  variables {
    name = "orders reconcile"
  }

  expect_failures = [var.name]
}

run "rejects_unknown_type" {
  command = plan

  variables {
    type = "SYNC"
  }

  expect_failures = [var.type]
}

run "rejects_definition_without_start_at" {
  command = plan

  variables {
    definition = jsonencode({ States = {} })
  }

  expect_failures = [var.definition]
}

run "rejects_kms_key_alias" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/orders"
  }

  expect_failures = [var.kms_key_arn]
}

run "rejects_key_reuse_over_15_minutes" {
  command = plan

  variables {
    kms_data_key_reuse_period_seconds = 901
  }

  expect_failures = [var.kms_data_key_reuse_period_seconds]
}

run "rejects_log_level_off" {
  command = plan

  variables {
    log_level = "OFF"
  }

  expect_failures = [var.log_level]
}

run "rejects_log_retention_never_expire" {
  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
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
    grants = { "orders-worker" = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" }, reports = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-reports" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_unknown_type" {
  command = plan

  variables {
    grants = { worker = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" }, reports = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-reports" }, table = { type = "dynamodb_table", arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders" } }
  }

  expect_failures = [var.grants]
}

run "rejects_grant_wildcard_arn" {
  command = plan

  variables {
    grants = { worker = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" }, reports = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders-reports" }, all = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:*" } }
  }

  expect_failures = [var.grants]
}

run "rejects_alarm_topic_fifo" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts.fifo"
  }

  expect_failures = [var.alarm_topic_arn]
}

run "rejects_tag_with_aws_prefix" {
  command = plan

  variables {
    tags = { "aws:owner" = "x" }
  }

  expect_failures = [var.tags]
}

run "rejects_definition_naming_an_ungranted_queue" {
  command = plan

  variables {
    grants = { worker = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-worker:live" } }
  }

  expect_failures = [aws_sfn_state_machine.this]
}

run "rejects_alarms_without_topic" {
  command = plan

  variables {
    alarm_topic_arn = null
  }

  expect_failures = [aws_sfn_state_machine.this]
}
