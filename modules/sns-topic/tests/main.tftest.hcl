# Native tests: mock AWS provider, values known at plan time, one run per behaviour.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"

  # The ARNs this file's assertions name.
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:alerts"
    }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:alerts-queue-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/alerts-queue-dlq"
    }
  }
}

variables {
  name            = "alerts"
  kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts"
}

run "defaults_are_secure" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == var.kms_key_arn && aws_sns_topic.this.signature_version == 2
    error_message = "the topic is encrypted with the customer key and signs with SHA256"
  }
  assert {
    condition = (
      jsondecode(aws_sns_topic.this.policy).Statement[0].Effect == "Deny" &&
      jsondecode(aws_sns_topic.this.policy).Statement[0].Principal == "*" &&
      jsondecode(aws_sns_topic.this.policy).Statement[0].Action == ["sns:Publish", "sns:Subscribe"] &&
      jsondecode(aws_sns_topic.this.policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" &&
      jsondecode(aws_sns_topic.this.policy).Statement[0].Resource == "arn:aws:sns:eu-west-1:123456789012:alerts"
    )
    error_message = "the topic policy denies non-TLS publish and subscribe first"
  }
  assert {
    condition     = length(jsondecode(aws_sns_topic.this.policy).Statement) == 1
    error_message = "without publishers the policy holds only the TLS deny"
  }
  assert {
    condition     = output.topic_arn == "arn:aws:sns:eu-west-1:123456789012:alerts" && output.grant_target.arn == output.topic_arn
    error_message = "the topic ARN is built from the name"
  }
  assert {
    condition     = output.grant_target.type == "sns_topic" && output.grant_target.kms_key_arn == var.kms_key_arn && output.grant_target.stream_arn == null
    error_message = "the grant target carries the topic's key"
  }
  assert {
    condition     = length(aws_sqs_queue.dead_letter) == 0 && length(aws_cloudwatch_metric_alarm.dead_letter) == 0 && length(aws_sns_topic_subscription.this) == 0
    error_message = "no subscriptions: no queues, no alarms"
  }
  assert {
    condition = (
      jsondecode(output.publisher_policy_statements)[0].Action == ["sns:Publish"] &&
      jsondecode(output.publisher_policy_statements)[0].Resource == ["arn:aws:sns:eu-west-1:123456789012:alerts"] &&
      jsondecode(output.publisher_policy_statements)[1].Condition.StringEquals["kms:ViaService"] == "sns.eu-west-1.amazonaws.com"
    )
    error_message = "publisher statements publish to exactly this topic and use the key through SNS only"
  }
  assert {
    condition = (
      jsondecode(output.kms_key_policy_statements)[0].Principal.Service == "sns.amazonaws.com" &&
      jsondecode(output.kms_key_policy_statements)[0].Condition.ArnEquals["aws:SourceArn"] == "arn:aws:sns:eu-west-1:123456789012:alerts"
    )
    error_message = "the key lets SNS deliver this topic's messages to encrypted queues, scoped to the topic"
  }
}

run "publishers_are_scoped_by_source" {
  command = plan

  variables {
    publishers = {
      cloudwatchAlarms = {
        service         = "cloudwatch.amazonaws.com"
        source_accounts = ["123456789012"]
        source_arns     = ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"]
      }
      budgets = {
        service         = "budgets.amazonaws.com"
        source_accounts = ["123456789012"]
      }
    }
  }

  assert {
    condition = (
      jsondecode(aws_sns_topic.this.policy).Statement[2].Sid == "PublishcloudwatchAlarms" &&
      jsondecode(aws_sns_topic.this.policy).Statement[2].Principal == { Service = "cloudwatch.amazonaws.com" } &&
      jsondecode(aws_sns_topic.this.policy).Statement[2].Action == "sns:Publish" &&
      jsondecode(aws_sns_topic.this.policy).Statement[2].Condition == {
        ArnLike      = { "aws:SourceArn" = ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"] }
        StringEquals = { "aws:SourceAccount" = ["123456789012"] }
      }
    )
    error_message = "a publisher statement names its service and both scopes"
  }
  assert {
    condition     = jsondecode(aws_sns_topic.this.policy).Statement[1].Condition == { StringEquals = { "aws:SourceAccount" = ["123456789012"] } }
    error_message = "a publisher scoped by account only carries no empty ArnLike"
  }
  assert {
    condition     = [for s in jsondecode(output.kms_key_policy_statements) : s.Sid] == ["budgetsEncryptsForTopic", "cloudwatchAlarmsEncryptsForTopic", "SnsDeliversToEncryptedQueues"]
    error_message = "the key policy statements cover every publishing service and SNS"
  }
}

run "subscriptions_with_filters_and_dead_letter_queues" {
  command = plan

  variables {
    subscriptions = {
      queue = {
        protocol             = "sqs"
        endpoint             = "arn:aws:sqs:eu-west-1:123456789012:critical"
        raw_message_delivery = true
        filter_policy        = "{\"severity\":[\"critical\"]}"
        filter_policy_scope  = "MessageBody"
      }
      oncall = {
        protocol          = "email"
        endpoint          = "oncall@example.com"
        dead_letter_queue = false
      }
    }
  }

  assert {
    condition = (
      aws_sns_topic_subscription.this["queue"].protocol == "sqs" &&
      aws_sns_topic_subscription.this["queue"].raw_message_delivery &&
      aws_sns_topic_subscription.this["queue"].filter_policy == "{\"severity\":[\"critical\"]}" &&
      aws_sns_topic_subscription.this["queue"].filter_policy_scope == "MessageBody"
    )
    error_message = "the queue subscription is raw, filtered on the body"
  }
  assert {
    condition     = jsondecode(aws_sns_topic_subscription.this["queue"].redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:alerts-queue-dlq"
    error_message = "the subscription redrives to its own dead-letter queue"
  }
  assert {
    condition     = aws_sns_topic_subscription.this["oncall"].redrive_policy == null && aws_sns_topic_subscription.this["oncall"].filter_policy == null
    error_message = "dead_letter_queue = false leaves the subscription without redrive; no filter policy unless given"
  }
  assert {
    condition = (
      keys(aws_sqs_queue.dead_letter) == ["queue"] &&
      aws_sqs_queue.dead_letter["queue"].name == "alerts-queue-dlq" &&
      aws_sqs_queue.dead_letter["queue"].kms_master_key_id == var.kms_key_arn &&
      aws_sqs_queue.dead_letter["queue"].message_retention_seconds == 1209600
    )
    error_message = "one encrypted 14-day dead-letter queue per subscription that wants one"
  }
  assert {
    condition = (
      jsondecode(aws_sqs_queue.dead_letter["queue"].policy).Statement[0].Condition.Bool["aws:SecureTransport"] == "false" &&
      jsondecode(aws_sqs_queue.dead_letter["queue"].policy).Statement[1].Principal.Service == "sns.amazonaws.com" &&
      jsondecode(aws_sqs_queue.dead_letter["queue"].policy).Statement[1].Condition.ArnEquals["aws:SourceArn"] == "arn:aws:sns:eu-west-1:123456789012:alerts"
    )
    error_message = "the dead-letter queue denies non-TLS access and accepts only this topic through SNS"
  }
  assert {
    condition = (
      keys(aws_cloudwatch_metric_alarm.dead_letter) == ["queue"] &&
      aws_cloudwatch_metric_alarm.dead_letter["queue"].dimensions.QueueName == "alerts-queue-dlq" &&
      aws_cloudwatch_metric_alarm.dead_letter["queue"].threshold == 1 &&
      aws_cloudwatch_metric_alarm.dead_letter["queue"].alarm_actions == toset([var.alarm_topic_arn])
    )
    error_message = "every dead-letter queue has a depth alarm notifying the alarm topic"
  }
}

run "fifo_topic" {
  command = plan

  variables {
    name                        = "orders"
    fifo_topic                  = true
    content_based_deduplication = true
    subscriptions = {
      work = {
        protocol = "sqs"
        endpoint = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo"
      }
    }
  }

  assert {
    condition     = aws_sns_topic.this.name == "orders.fifo" && aws_sns_topic.this.fifo_topic && output.topic_arn == "arn:aws:sns:eu-west-1:123456789012:orders.fifo"
    error_message = "FIFO topic names end in .fifo"
  }
  assert {
    condition     = aws_sqs_queue.dead_letter["work"].name == "orders-work-dlq.fifo" && aws_sqs_queue.dead_letter["work"].fifo_queue
    error_message = "a FIFO topic's dead-letter queues are FIFO queues"
  }
}

run "alarms_can_be_switched_off_explicitly" {
  command = plan

  variables {
    alarms_enabled  = false
    alarm_topic_arn = null
    subscriptions = {
      queue = {
        protocol = "sqs"
        endpoint = "arn:aws:sqs:eu-west-1:123456789012:critical"
      }
    }
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.dead_letter) == 0 && length(aws_sqs_queue.dead_letter) == 1
    error_message = "alarms off: the dead-letter queue stays, its alarm goes"
  }
}

run "no_alarm_topic_needed_without_dead_letter_queues" {
  command = plan

  variables {
    alarm_topic_arn = null
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.dead_letter) == 0
    error_message = "a topic without subscriptions has nothing to alarm on"
  }
}
