# The functions share one deployment zip (envs/orders-service/functions/orders) and differ
# in handler, sizing, grants and triggers. Environment variables hold names and URLs only; the
# credentials come from the execution roles, each capped by the permissions boundary.

locals {
  # The environment key's ARN exists only after apply, so a grant naming it would leave every role
  # policy unknown at plan time (and unjudgeable by the gate). The functions reach the key through
  # its alias instead (kms:ResourceAliases, known at plan) and only through the services they use.
  key_statement = {
    sid       = "EnvironmentKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["arn:${data.aws_partition.current.partition}:kms:${data.aws_service.current.region}:${local.account_id}:key/*"]
  }
  key_alias_condition = { test = "ForAnyValue:StringEquals", variable = "kms:ResourceAliases", values = [module.key.alias_name] }
  # Lambda decrypts the environment variables with the execution role.
  via_services = { for service in ["lambda", "sqs", "dynamodb", "events"] : service => "${service}.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" }
}

module "api_function" {
  source = "../../modules/lambda-function"

  name                     = "${local.name}-api"
  description              = "orders API: validates orders and queues them (POST), reads them back (GET)"
  handler                  = "api.handler"
  package                  = local.function_package
  runtime                  = local.function_runtime
  memory_size              = var.functions.api.memory_mb
  timeout                  = var.functions.api.timeout_seconds
  reserved_concurrency     = var.functions.api.reserved_concurrency
  publish                  = var.functions.api.provisioned_concurrency > 0
  provisioned_concurrency  = var.functions.api.provisioned_concurrency
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = var.log_retention_days
  application_log_level    = local.application_log_level

  environment_variables = {
    QUEUE_URL  = module.work_queue.queue_url
    TABLE_NAME = module.orders_table.table_name
  }
  grants = {
    workqueue   = { sqs_queue_arn = local.work_queue_arn, access = "send" }
    orderstable = { dynamodb_table_arn = local.table_arn, access = "read" }
  }
  extra_policy_statements = [merge(local.key_statement, {
    conditions = [local.key_alias_condition, { test = "StringEquals", variable = "kms:ViaService", values = [local.via_services.lambda, local.via_services.sqs, local.via_services.dynamodb] }]
  })]

  alarm_topic_arn        = local.alerts_topic_arn
  errors_alarm_threshold = var.alarms.function_errors_threshold
  tags                   = local.tags
}

module "worker_function" {
  source = "../../modules/lambda-function"

  name                     = "${local.name}-worker"
  description              = "orders worker: stores each queued order once and publishes OrderPlaced"
  handler                  = "worker.handler"
  package                  = local.function_package
  runtime                  = local.function_runtime
  memory_size              = var.functions.worker.memory_mb
  timeout                  = var.functions.worker.timeout_seconds
  reserved_concurrency     = var.functions.worker.reserved_concurrency
  publish                  = var.functions.worker.provisioned_concurrency > 0
  provisioned_concurrency  = var.functions.worker.provisioned_concurrency
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = var.log_retention_days
  application_log_level    = local.application_log_level

  environment_variables = {
    TABLE_NAME     = module.orders_table.table_name
    EVENT_BUS_NAME = module.event_bus.bus_name
  }
  grants = {
    orderstable = { dynamodb_table_arn = local.table_arn, access = "write" }
    bus         = { event_bus_arn = local.bus_arn, access = "put" }
  }
  extra_policy_statements = [merge(local.key_statement, {
    conditions = [local.key_alias_condition, { test = "StringEquals", variable = "kms:ViaService", values = [local.via_services.lambda, local.via_services.sqs, local.via_services.dynamodb, local.via_services.events] }]
  })]
  sqs_event_sources = {
    workqueue = {
      queue_arn           = local.work_queue_arn
      batch_size          = var.functions.worker.batch_size
      maximum_concurrency = var.functions.worker.maximum_concurrency
    }
  }

  alarm_topic_arn        = local.alerts_topic_arn
  errors_alarm_threshold = var.alarms.function_errors_threshold
  tags                   = local.tags
}

module "notifier_function" {
  source = "../../modules/lambda-function"

  name                     = "${local.name}-notifier"
  description              = "orders notifier: tells the customer about each OrderPlaced event"
  handler                  = "notifier.handler"
  package                  = local.function_package
  runtime                  = local.function_runtime
  memory_size              = var.functions.notifier.memory_mb
  timeout                  = var.functions.notifier.timeout_seconds
  reserved_concurrency     = var.functions.notifier.reserved_concurrency
  publish                  = var.functions.notifier.provisioned_concurrency > 0
  provisioned_concurrency  = var.functions.notifier.provisioned_concurrency
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = var.log_retention_days
  application_log_level    = local.application_log_level

  # EventBridge invokes asynchronously: Lambda retries twice, then the event and its error go to
  # the failures queue (the module grants the role sqs:SendMessage on it).
  async_invocation = {
    on_failure_destination_arn = local.notification_failures_arn
    maximum_retry_attempts     = 2
  }
  extra_policy_statements = [merge(local.key_statement, {
    conditions = [local.key_alias_condition, { test = "StringEquals", variable = "kms:ViaService", values = [local.via_services.lambda, local.via_services.sqs] }]
  })]

  alarm_topic_arn        = local.alerts_topic_arn
  errors_alarm_threshold = var.alarms.function_errors_threshold
  tags                   = local.tags
}
