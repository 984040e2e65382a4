# One expect_failures run per validation and precondition of the module.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name        = "alerts"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

run "rejects_bad_name" {
  command = plan
  variables {
    name = "alerts.fifo"
  }
  expect_failures = [var.name]
}

run "rejects_non_customer_key" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_bad_publisher_key" {
  command = plan
  variables {
    publishers = { "cloudwatch-alarms" = { service = "cloudwatch.amazonaws.com", source_accounts = ["123456789012"] } }
  }
  expect_failures = [var.publishers]
}

run "rejects_wildcard_publisher" {
  command = plan
  variables {
    publishers = { anyone = { service = "*", source_accounts = ["123456789012"] } }
  }
  expect_failures = [var.publishers]
}

run "rejects_unscoped_publisher" {
  command = plan
  variables {
    publishers = { alarms = { service = "cloudwatch.amazonaws.com" } }
  }
  expect_failures = [var.publishers]
}

run "rejects_bad_publisher_source_account" {
  command = plan
  variables {
    publishers = { alarms = { service = "cloudwatch.amazonaws.com", source_accounts = ["12345"] } }
  }
  expect_failures = [var.publishers]
}

run "rejects_wildcard_publisher_source_arn" {
  command = plan
  variables {
    publishers = { alarms = { service = "cloudwatch.amazonaws.com", source_arns = ["*"] } }
  }
  expect_failures = [var.publishers]
}

run "rejects_bad_subscription_key" {
  command = plan
  variables {
    subscriptions = { "on call" = { protocol = "email", endpoint = "oncall@example.com" } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_plain_http_subscription" {
  command = plan
  variables {
    subscriptions = { hook = { protocol = "http", endpoint = "http://hooks.example.com/alerts" } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_endpoint_that_does_not_fit_protocol" {
  command = plan
  variables {
    subscriptions = { queue = { protocol = "sqs", endpoint = "https://sqs.eu-west-1.amazonaws.com/123456789012/critical" } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_filter_policy_that_is_not_an_object" {
  command = plan
  variables {
    subscriptions = { queue = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:123456789012:critical", filter_policy = "[\"critical\"]" } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_bad_filter_policy_scope" {
  command = plan
  variables {
    subscriptions = { queue = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:123456789012:critical", filter_policy = "{}", filter_policy_scope = "Body" } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_raw_delivery_to_email" {
  command = plan
  variables {
    subscriptions = { oncall = { protocol = "email", endpoint = "oncall@example.com", raw_message_delivery = true } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_firehose_without_role" {
  command = plan
  variables {
    subscriptions = { archive = { protocol = "firehose", endpoint = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/alerts" } }
  }
  expect_failures = [var.subscriptions]
}

run "rejects_bad_dead_letter_queue_retention" {
  command = plan
  variables {
    dead_letter_queue_retention_seconds = 1209601
  }
  expect_failures = [var.dead_letter_queue_retention_seconds]
}

run "rejects_fifo_alarm_topic" {
  command = plan
  variables {
    alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts.fifo"
  }
  expect_failures = [var.alarm_topic_arn]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}

# Preconditions.

run "rejects_content_dedup_on_standard_topic" {
  command = plan
  variables {
    content_based_deduplication = true
  }
  expect_failures = [aws_sns_topic.this]
}

run "rejects_dead_letter_queues_without_alarm_topic" {
  command = plan
  variables {
    subscriptions = { queue = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:123456789012:critical" } }
  }
  expect_failures = [output.subscription_arns]
}

run "rejects_dead_letter_queue_name_over_the_sqs_limit" {
  command = plan
  variables {
    name           = "a-topic-name-that-is-long-enough-to-push-the-queue-name-over"
    alarms_enabled = false
    subscriptions  = { "critical-alerts-queue" = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:123456789012:critical" } }
  }
  expect_failures = [output.subscription_arns]
}

run "rejects_email_on_fifo_topic" {
  command = plan
  variables {
    fifo_topic    = true
    subscriptions = { oncall = { protocol = "email", endpoint = "oncall@example.com", dead_letter_queue = false } }
  }
  expect_failures = [output.subscription_arns]
}

run "rejects_subscription_role_on_non_firehose" {
  command = plan
  variables {
    subscriptions = { queue = { protocol = "sqs", endpoint = "arn:aws:sqs:eu-west-1:123456789012:critical", subscription_role_arn = "arn:aws:iam::123456789012:role/sns-delivery" } }
  }
  expect_failures = [var.subscriptions]
}
