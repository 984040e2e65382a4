# Native tests: mock AWS provider, values known at plan time, one run per behaviour.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

override_resource {
  target          = aws_sqs_queue.this
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:orders"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"
  }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq"
  }
}

variables {
  name            = "orders"
  kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts"
}

run "defaults_are_secure" {
  command = plan

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    error_message = "both queues must be encrypted with the given customer key"
  }
  assert {
    condition     = aws_sqs_queue.this.kms_data_key_reuse_period_seconds == 300 && aws_sqs_queue.dlq.kms_data_key_reuse_period_seconds == 300
    error_message = "data key reuse period defaults to 300 s on both queues"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
    error_message = "the source queue must redrive to its own DLQ"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 5
    error_message = "maxReceiveCount defaults to 5"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.dlq.redrive_allow_policy).redrivePermission == "byQueue"
    error_message = "the DLQ must allow redrive by queue only"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.dlq.redrive_allow_policy).sourceQueueArns == ["arn:aws:sqs:eu-west-1:123456789012:orders"]
    error_message = "the DLQ must accept only the source queue"
  }
  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds == 1209600 && aws_sqs_queue.this.message_retention_seconds == 345600
    error_message = "retention defaults: 4 days on the queue, 14 days on the DLQ"
  }
  assert {
    condition = alltrue([for policy in [aws_sqs_queue.this.policy, aws_sqs_queue.dlq.policy] :
      jsondecode(policy).Statement[0].Effect == "Deny" &&
      jsondecode(policy).Statement[0].Principal == "*" &&
      jsondecode(policy).Statement[0].Action == "sqs:*" &&
      jsondecode(policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false"
    ])
    error_message = "both queue policies must deny non-TLS access first"
  }
  assert {
    condition     = length(jsondecode(aws_sqs_queue.this.policy).Statement) == 1 && jsondecode(aws_sqs_queue.this.policy).Statement[0].Resource == "arn:aws:sqs:eu-west-1:123456789012:orders"
    error_message = "without producers/consumers the policy holds only the TLS deny, scoped to the queue"
  }
  assert {
    condition     = aws_sqs_queue.this.name == "orders" && aws_sqs_queue.dlq.name == "orders-dlq" && !aws_sqs_queue.this.fifo_queue
    error_message = "standard queues are named <name> and <name>-dlq"
  }
  assert {
    condition     = aws_sqs_queue.this.receive_wait_time_seconds == 20
    error_message = "long polling is the default"
  }
  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["oldest-message-age", "dlq-messages-visible"])
    error_message = "both alarms exist by default"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.this["dlq-messages-visible"].dimensions.QueueName == "orders-dlq" &&
      aws_cloudwatch_metric_alarm.this["dlq-messages-visible"].threshold == 1 &&
      aws_cloudwatch_metric_alarm.this["dlq-messages-visible"].comparison_operator == "GreaterThanOrEqualToThreshold" &&
      aws_cloudwatch_metric_alarm.this["oldest-message-age"].metric_name == "ApproximateAgeOfOldestMessage" &&
      aws_cloudwatch_metric_alarm.this["oldest-message-age"].threshold == 900 &&
      aws_cloudwatch_metric_alarm.this["oldest-message-age"].alarm_actions == toset([var.alarm_topic_arn])
    )
    error_message = "alarms watch the DLQ depth (>= 1) and the oldest message age, notifying the topic"
  }
  assert {
    condition     = jsondecode(output.producer_policy_statements)[0].Action == ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"] && jsondecode(output.producer_policy_statements)[0].Resource == ["arn:aws:sqs:eu-west-1:123456789012:orders"]
    error_message = "producer statements grant sending to exactly this queue"
  }
  assert {
    condition     = jsondecode(output.consumer_policy_statements)[1].Action == ["kms:Decrypt"] && jsondecode(output.consumer_policy_statements)[1].Condition.StringEquals["kms:ViaService"] == "sqs.eu-west-1.amazonaws.com"
    error_message = "consumer statements decrypt with the key only through SQS"
  }
  assert {
    condition     = output.queue_arn == "arn:aws:sqs:eu-west-1:123456789012:orders" && output.dlq_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dlq"
    error_message = "outputs expose the queue attributes"
  }
}

run "fifo_queues" {
  command = plan

  variables {
    fifo_queue                  = true
    content_based_deduplication = true
  }

  assert {
    condition     = aws_sqs_queue.this.name == "orders.fifo" && aws_sqs_queue.dlq.name == "orders-dlq.fifo"
    error_message = "FIFO queue names end in .fifo, for the DLQ too"
  }
  assert {
    condition     = aws_sqs_queue.this.fifo_queue && aws_sqs_queue.dlq.fifo_queue && aws_sqs_queue.this.content_based_deduplication
    error_message = "both queues are FIFO, with content-based deduplication on the source"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:orders-dlq.fifo"
    error_message = "a FIFO queue redrives to the FIFO DLQ"
  }
  assert {
    condition     = jsondecode(aws_sqs_queue.dlq.redrive_allow_policy).sourceQueueArns == ["arn:aws:sqs:eu-west-1:123456789012:orders.fifo"]
    error_message = "the FIFO DLQ accepts only the FIFO source queue"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.this["dlq-messages-visible"].dimensions.QueueName == "orders-dlq.fifo"
    error_message = "alarms watch the FIFO queue names"
  }
}

run "producers_and_consumers" {
  command = plan

  variables {
    producers = {
      events = {
        principal_type = "Service"
        identifiers    = ["events.amazonaws.com"]
        source_arns    = ["arn:aws:events:eu-west-1:123456789012:rule/orders"]
      }
      partner = {
        principal_type = "AWS"
        identifiers    = ["210987654321"]
      }
    }
    consumers = {
      worker = {
        principal_type = "AWS"
        identifiers    = ["arn:aws:iam::123456789012:role/orders-worker"]
      }
    }
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.policy).Statement[0].Sid == "DenyInsecureTransport" && toset([for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid]) == toset(["DenyInsecureTransport", "Producerevents", "Producerpartner", "Consumerworker"])
    error_message = "the TLS deny comes first, then one statement per producer and consumer"
  }
  assert {
    condition     = { for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid => s }["Producerevents"].Condition.ArnLike["aws:SourceArn"] == ["arn:aws:events:eu-west-1:123456789012:rule/orders"]
    error_message = "a service producer is scoped by aws:SourceArn"
  }
  assert {
    condition     = { for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid => s }["Producerevents"].Principal.Service == ["events.amazonaws.com"] && { for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid => s }["Producerevents"].Action == ["sqs:SendMessage"]
    error_message = "producers may only send"
  }
  assert {
    condition     = !can({ for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid => s }["Producerpartner"].Condition) && { for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid => s }["Producerpartner"].Principal.AWS == ["210987654321"]
    error_message = "an unscoped AWS principal gets no empty Condition block"
  }
  assert {
    condition     = { for s in jsondecode(aws_sqs_queue.this.policy).Statement : s.Sid => s }["Consumerworker"].Action == ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    error_message = "consumers may receive, delete and change visibility"
  }
  assert {
    condition     = length(jsondecode(aws_sqs_queue.dlq.policy).Statement) == 1
    error_message = "producer and consumer grants do not leak onto the DLQ"
  }
}

run "queue_collecting_failures_alarms_on_its_depth" {
  command = plan

  variables {
    receives_failures = true
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.this["messages-visible"].metric_name == "ApproximateNumberOfMessagesVisible" &&
      aws_cloudwatch_metric_alarm.this["messages-visible"].dimensions.QueueName == "orders" &&
      aws_cloudwatch_metric_alarm.this["messages-visible"].threshold == 1 &&
      aws_cloudwatch_metric_alarm.this["messages-visible"].alarm_actions == toset([var.alarm_topic_arn]) &&
      length(aws_cloudwatch_metric_alarm.this) == 3
    )
    error_message = "a queue that receives failures alarms on its own depth too, notifying the topic"
  }
}

run "alarms_can_be_switched_off_explicitly" {
  command = plan

  variables {
    alarms_enabled    = false
    alarm_topic_arn   = null
    receives_failures = true
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0 && output.alarm_arns == {}
    error_message = "alarms_enabled = false creates no alarm"
  }
}

run "visibility_covers_six_consumer_timeouts" {
  command = plan

  variables {
    consumer_timeout_seconds   = 30
    visibility_timeout_seconds = 180
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds == 180
    error_message = "visibility exactly 6x the consumer timeout is accepted"
  }
}

# ---- one run per validation rule ----

run "rejects_bad_name" {
  command = plan
  variables {
    name = "orders.fifo"
  }
  expect_failures = [var.name]
}

run "rejects_non_customer_key" {
  command = plan
  variables {
    kms_key_arn = "alias/aws/sqs"
  }
  expect_failures = [var.kms_key_arn]
}

run "rejects_bad_data_key_reuse_period" {
  command = plan
  variables {
    kms_data_key_reuse_period_seconds = 30
  }
  expect_failures = [var.kms_data_key_reuse_period_seconds]
}

run "rejects_bad_visibility_timeout" {
  command = plan
  variables {
    visibility_timeout_seconds = 43201
  }
  expect_failures = [var.visibility_timeout_seconds]
}

run "rejects_bad_consumer_timeout" {
  command = plan
  variables {
    consumer_timeout_seconds = 901
  }
  expect_failures = [var.consumer_timeout_seconds]
}

run "rejects_bad_retention" {
  command = plan
  variables {
    message_retention_seconds = 59
  }
  expect_failures = [var.message_retention_seconds]
}

run "rejects_bad_delay" {
  command = plan
  variables {
    delay_seconds = 901
  }
  expect_failures = [var.delay_seconds]
}

run "rejects_bad_max_message_size" {
  command = plan
  variables {
    max_message_size = 512
  }
  expect_failures = [var.max_message_size]
}

run "rejects_bad_receive_wait" {
  command = plan
  variables {
    receive_wait_time_seconds = 21
  }
  expect_failures = [var.receive_wait_time_seconds]
}

run "rejects_zero_max_receive_count" {
  command = plan
  variables {
    max_receive_count = 0
  }
  expect_failures = [var.max_receive_count]
}

run "rejects_bad_dlq_retention" {
  command = plan
  variables {
    dlq_message_retention_seconds = 1209601
  }
  expect_failures = [var.dlq_message_retention_seconds]
}

run "rejects_bad_producer_key" {
  command = plan
  variables {
    producers = { "bad-key" = { principal_type = "AWS", identifiers = ["123456789012"] } }
  }
  expect_failures = [var.producers]
}

run "rejects_bad_producer_principal_type" {
  command = plan
  variables {
    # An identifier the AWS form accepts, so only the principal type is wrong.
    producers = { anyone = { principal_type = "Federated", identifiers = ["123456789012"] } }
  }
  expect_failures = [var.producers]
}

run "rejects_wildcard_producer" {
  command = plan
  variables {
    producers = { anyone = { principal_type = "AWS", identifiers = ["*"] } }
  }
  expect_failures = [var.producers]
}

run "rejects_unscoped_service_producer" {
  command = plan
  variables {
    producers = { sns = { principal_type = "Service", identifiers = ["sns.amazonaws.com"] } }
  }
  expect_failures = [var.producers]
}

run "rejects_bad_producer_source_account" {
  command = plan
  variables {
    producers = { sns = { principal_type = "Service", identifiers = ["sns.amazonaws.com"], source_accounts = ["1234"] } }
  }
  expect_failures = [var.producers]
}

run "rejects_bad_consumer_key" {
  command = plan
  variables {
    consumers = { "worker-1" = { principal_type = "AWS", identifiers = ["123456789012"] } }
  }
  expect_failures = [var.consumers]
}

run "rejects_consumer_without_identifiers" {
  command = plan
  variables {
    consumers = { worker = { principal_type = "AWS", identifiers = [] } }
  }
  expect_failures = [var.consumers]
}

run "rejects_wildcard_consumer" {
  command = plan
  variables {
    consumers = { anyone = { principal_type = "Service", identifiers = ["*"], source_accounts = ["123456789012"] } }
  }
  expect_failures = [var.consumers]
}

run "rejects_unscoped_service_consumer" {
  command = plan
  variables {
    consumers = { pipes = { principal_type = "Service", identifiers = ["pipes.amazonaws.com"] } }
  }
  expect_failures = [var.consumers]
}

run "rejects_bad_consumer_source_account" {
  command = plan
  variables {
    consumers = { pipes = { principal_type = "Service", identifiers = ["pipes.amazonaws.com"], source_accounts = ["all"] } }
  }
  expect_failures = [var.consumers]
}

run "rejects_bad_alarm_topic" {
  command = plan
  variables {
    alarm_topic_arn = "alerts"
  }
  expect_failures = [var.alarm_topic_arn]
}

run "rejects_short_oldest_message_age_threshold" {
  command = plan
  variables {
    oldest_message_age_alarm_seconds = 30
  }
  expect_failures = [var.oldest_message_age_alarm_seconds]
}

# ---- one run per cross-input precondition ----

run "rejects_dlq_retention_shorter_than_queue" {
  command = plan
  variables {
    message_retention_seconds     = 604800
    dlq_message_retention_seconds = 86400
  }
  expect_failures = [aws_sqs_queue.this]
}

run "rejects_visibility_below_six_consumer_timeouts" {
  command = plan
  variables {
    consumer_timeout_seconds   = 30
    visibility_timeout_seconds = 179
  }
  expect_failures = [aws_sqs_queue.this]
}

run "rejects_content_dedup_on_standard_queue" {
  command = plan
  variables {
    content_based_deduplication = true
  }
  expect_failures = [aws_sqs_queue.this]
}

run "rejects_alarms_without_topic" {
  command = plan
  variables {
    alarm_topic_arn = null
  }
  expect_failures = [aws_sqs_queue.this]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}
