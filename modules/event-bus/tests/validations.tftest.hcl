# One expect_failures run per validation and precondition of the module.

mock_provider "aws" {
  override_during = plan
  source          = "../../tests/mocks/aws"
}

variables {
  name            = "orders"
  kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:alerts"
}

# The baseline the failing runs below each break in one place.
run "valid_inputs_plan" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          work = {
            kind             = "sqs"
            arn              = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo"
            message_group_id = "orders"
            dead_letter_arn  = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy     = { maximum_retry_attempts = 0, maximum_event_age_in_seconds = 60 }
          }
        }
      }
    }
  }
}

run "name_rejects_default" {
  command = plan

  variables {
    name = "default"
  }

  expect_failures = [var.name]
}

run "name_rejects_dots" {
  command = plan

  variables {
    name = "orders.events"
  }

  expect_failures = [var.name]
}

run "kms_key_must_be_a_key_arn" {
  command = plan

  variables {
    kms_key_arn = "alias/orders"
  }

  expect_failures = [var.kms_key_arn]
}

run "organization_id_format" {
  command = plan

  variables {
    publisher_organization_id = "123456789012"
  }

  expect_failures = [var.publisher_organization_id]
}

run "archive_needs_finite_retention" {
  command = plan

  variables {
    archive = { retention_days = 0 }
  }

  expect_failures = [var.archive]
}

run "archive_pattern_is_json" {
  command = plan

  variables {
    archive = { retention_days = 7, event_pattern = "source=orders" }
  }

  expect_failures = [var.archive]
}

run "rule_key_format" {
  command = plan

  variables {
    rules = {
      placed_orders_from_the_shop_v2 = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "rule_needs_pattern_or_schedule" {
  command = plan

  variables {
    rules = {
      placed = {

        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "rule_not_both_pattern_and_schedule" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern       = "{\"source\":[\"orders\"]}"
        schedule_expression = "rate(1 day)"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "rule_pattern_is_json" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "source=orders"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "rule_schedule_syntax" {
  command = plan

  variables {
    rules = {
      placed = {
        schedule_expression = "every day"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "rule_needs_a_target" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets       = {}
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_key_format" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          "handler.v2" = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_kind_known" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind = "kinesis"
            # The ARN check knows no pattern for an unknown kind and accepts only an empty ARN,
            # so this run breaks the kind check alone.
            arn             = ""
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_arn_matches_kind" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind            = "sqs"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_needs_dead_letter_queue" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind         = "lambda"
            arn          = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            retry_policy = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_dead_letter_queue_is_standard_sqs" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq.fifo"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_needs_retry_policy" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "target_retry_policy_ranges" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 186, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "message_group_only_for_fifo_queues" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind             = "lambda"
            arn              = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn  = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy     = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
            message_group_id = "orders"
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "fifo_queue_target_needs_message_group" {
  command = plan

  variables {
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          work = {
            kind            = "sqs"
            arn             = "arn:aws:sqs:eu-west-1:123456789012:orders.fifo"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [var.rules]
}

run "alarm_topic_is_a_topic_arn" {
  command = plan

  variables {
    alarm_topic_arn = "arn:aws:sqs:eu-west-1:123456789012:alerts"
  }

  expect_failures = [var.alarm_topic_arn]
}

run "alarms_need_a_topic" {
  command = plan

  variables {
    alarm_topic_arn = null
    rules = {
      placed = {
        event_pattern = "{\"source\":[\"orders\"]}"
        targets = {
          handler = {
            kind            = "lambda"
            arn             = "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler"
            dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"
            retry_policy    = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
          }
        }
      }
    }
  }

  expect_failures = [aws_cloudwatch_event_rule.this["placed"]]
}

run "rejects_reserved_tag_key" {
  command = plan
  variables {
    tags = { "aws:owner" = "platform" }
  }
  expect_failures = [var.tags]
}

run "permissions_boundary_arn_rejects_a_role_arn" {
  command = plan

  variables {
    permissions_boundary_arn = "arn:aws:iam::123456789012:role/workload-boundary"
  }

  expect_failures = [var.permissions_boundary_arn]
}
