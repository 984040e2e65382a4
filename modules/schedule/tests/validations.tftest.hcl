# One expect_failures run per validation block and per precondition. Each run breaks exactly one
# rule on top of valid defaults, so a run passes only if that rule (and no other) rejects it.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name                     = "orders-nightly"
  schedule_expression      = "cron(0 2 * * ? *)"
  kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  permissions_boundary_arn = "arn:aws:iam::123456789012:policy/workload-boundary"
  alarm_topic_arn          = "arn:aws:sns:eu-west-1:123456789012:alerts"
  target                   = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile" }
  dead_letter_queue        = { arn = "arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq" }
}

run "rejects_name_with_spaces" {
  command = plan

  variables {
    name = "orders nightly"
  }

  expect_failures = [var.name]
}

run "rejects_description_too_long" {
  command = plan

  variables {
    description = format("%0513d", 0)
  }

  expect_failures = [var.description]
}

run "rejects_expression_with_five_cron_fields" {
  command = plan

  variables {
    schedule_expression = "cron(0 2 * * ?)"
  }

  expect_failures = [var.schedule_expression]
}

run "rejects_rate_with_wrong_plural" {
  command = plan

  variables {
    schedule_expression = "rate(1 hours)"
  }

  expect_failures = [var.schedule_expression]
}

run "rejects_timezone_offset" {
  command = plan

  variables {
    schedule_expression_timezone = "+02:00"
  }

  expect_failures = [var.schedule_expression_timezone]
}

run "rejects_flexible_window_over_a_day" {
  command = plan

  variables {
    flexible_time_window_minutes = 1441
  }

  expect_failures = [var.flexible_time_window_minutes]
}

run "rejects_group_name_with_slash" {
  command = plan

  variables {
    group = { name = "orders/nightly" }
  }

  expect_failures = [var.group]
}

run "rejects_creating_the_default_group" {
  command = plan

  variables {
    group = { name = "default", create = true }
  }

  expect_failures = [var.group]
}

run "rejects_kms_key_alias" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/orders"
  }

  expect_failures = [var.kms_key_arn]
}

run "rejects_target_unknown_type" {
  command = plan

  variables {
    target = { type = "sns_topic", arn = "arn:aws:sns:eu-west-1:123456789012:orders" }
  }

  expect_failures = [var.target]
}

run "rejects_target_arn_of_another_kind" {
  command = plan

  variables {
    target = { type = "state_machine", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile" }
  }

  expect_failures = [var.target]
}

run "rejects_target_key_alias" {
  command = plan

  variables {
    target = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/q" }
  }

  expect_failures = [var.target]
}

run "rejects_target_input_not_json" {
  command = plan

  variables {
    target = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile", input = "mode=nightly" }
  }

  expect_failures = [var.target]
}

run "rejects_retries_above_185" {
  command = plan

  variables {
    retry_policy = { maximum_retry_attempts = 186 }
  }

  expect_failures = [var.retry_policy]
}

run "rejects_event_age_over_a_day" {
  command = plan

  variables {
    retry_policy = { maximum_event_age_in_seconds = 86401 }
  }

  expect_failures = [var.retry_policy]
}

run "rejects_dead_letter_fifo_queue" {
  command = plan

  variables {
    dead_letter_queue = { arn = "arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq.fifo" }
  }

  expect_failures = [var.dead_letter_queue]
}

run "rejects_dead_letter_key_alias" {
  command = plan

  variables {
    dead_letter_queue = { arn = "arn:aws:sqs:eu-west-1:123456789012:orders-nightly-dlq", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/q" }
  }

  expect_failures = [var.dead_letter_queue]
}

run "rejects_boundary_not_a_policy" {
  command = plan

  variables {
    permissions_boundary_arn = "arn:aws:iam::123456789012:role/boundary"
  }

  expect_failures = [var.permissions_boundary_arn]
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

run "rejects_alarms_without_topic" {
  command = plan

  variables {
    alarm_topic_arn = null
  }

  expect_failures = [aws_scheduler_schedule.this]
}

run "rejects_a_message_group_on_a_function_target" {
  command = plan

  variables {
    target = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile", message_group_id = "nightly" }
  }

  expect_failures = [aws_scheduler_schedule.this]
}

run "rejects_a_key_on_a_function_target" {
  command = plan

  variables {
    target = { type = "lambda_function", arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-reconcile", kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/work-key" }
  }

  expect_failures = [aws_scheduler_schedule.this]
}

run "rejects_fifo_queue_without_message_group" {
  command = plan

  variables {
    target = { type = "sqs_queue", arn = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo" }
  }

  expect_failures = [aws_scheduler_schedule.this]
}
