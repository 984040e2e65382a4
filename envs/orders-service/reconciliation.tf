# The nightly reconciliation: a schedule starts a Step Functions workflow that has the reconciler
# function announce every order the worker stored but never announced, one table page per call:
#
#   schedule (cron, time zone) --StartExecution--> state machine --invoke (loop per page)--> reconciler
#        | runs it could not start                      | failed / timed-out / throttled      | reads the table,
#        v                                              v executions                           v puts OrderPlaced
#   reconciliation-failures queue (depth alarm)   alarms -> alerts topic                  event bus
#
# Scheduler, Step Functions and the function each act with their own role under the boundary,
# granted exactly the next step (start this state machine, invoke this function).

locals {
  reconciliation_name = "${local.name}-reconcile"
}

module "reconciler_function" {
  source = "../../modules/lambda-function"

  name                     = "${local.name}-reconciler"
  description              = "orders reconciler: announces the orders the worker stored but never announced"
  handler                  = "reconciler.handler"
  package                  = local.function_package
  runtime                  = local.function_runtime
  memory_size              = var.functions.reconciler.memory_mb
  timeout                  = var.functions.reconciler.timeout_seconds
  reserved_concurrency     = var.functions.reconciler.reserved_concurrency
  publish                  = var.functions.reconciler.provisioned_concurrency > 0
  provisioned_concurrency  = var.functions.reconciler.provisioned_concurrency
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = var.log_retention_days
  application_log_level    = local.application_log_level

  environment_variables = {
    TABLE_NAME          = module.orders_table.table_name
    EVENT_BUS_NAME      = module.event_bus.bus_name
    LOOKBACK_HOURS      = tostring(var.reconciliation.lookback_hours)
    STALE_AFTER_MINUTES = tostring(var.reconciliation.stale_after_minutes)
    PAGE_SIZE           = tostring(var.reconciliation.page_size)
  }
  grants = {
    # Scan for unannounced orders, then mark each one announced.
    orderstable = { dynamodb_table_arn = local.table_arn, access = "read_write" }
    bus         = { event_bus_arn = local.bus_arn, access = "put" }
  }
  extra_policy_statements = [merge(local.key_statement, {
    conditions = [local.key_alias_condition, { test = "StringEquals", variable = "kms:ViaService", values = [local.via_services.lambda, local.via_services.dynamodb, local.via_services.events] }]
  })]

  alarm_topic_arn        = local.alerts_topic_arn
  errors_alarm_threshold = var.alarms.function_errors_threshold
  tags                   = local.tags
}

module "reconciliation_workflow" {
  source = "../../modules/step-function"

  name = local.reconciliation_name
  # A run is one page after another of the same window: exactly-once steps and an execution
  # history, so STANDARD.
  type = "STANDARD"
  definition = templatefile("${path.module}/workflows/reconcile.asl.json.tftpl", {
    partition      = data.aws_partition.current.partition
    reconciler_arn = module.reconciler_function.invoke_target_arn
    max_pages      = var.reconciliation.max_pages
  })
  grants = {
    reconciler = { type = "lambda_function", arn = module.reconciler_function.invoke_target_arn }
  }

  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn
  log_retention_days       = var.log_retention_days
  alarm_topic_arn          = local.alerts_topic_arn

  tags = local.tags
}

# Runs Scheduler could not start after its retries: a night without reconciliation. The queue
# collects failures itself, so its own depth alarms (receives_failures).
module "reconciliation_failures" {
  source = "../../modules/sqs-queue"

  name                      = "${local.reconciliation_name}-failures"
  kms_key_arn               = module.key.key_arn
  message_retention_seconds = 1209600

  receives_failures = true
  alarm_topic_arn   = local.alerts_topic_arn
  tags              = local.tags
}

module "reconciliation_schedule" {
  source = "../../modules/schedule"

  name                         = local.reconciliation_name
  description                  = "orders ${var.environment}: starts the nightly reconciliation of the orders table."
  schedule_expression          = var.reconciliation.schedule_expression
  schedule_expression_timezone = var.reconciliation.timezone
  flexible_time_window_minutes = var.reconciliation.flexible_window_minutes
  # Scheduler's metrics are per group: a group of its own keeps the alarms about this schedule.
  group                    = { name = local.reconciliation_name, create = true }
  kms_key_arn              = module.key.key_arn
  permissions_boundary_arn = module.boundary.policy_arn

  # The workflow's grant_target carries its key: Step Functions encrypts each execution's input with
  # it as the schedule's role starts one, so the role is allowed that key through Step Functions.
  target = merge(module.reconciliation_workflow.grant_target, {
    input = jsonencode({ pages = 0, scanned = 0, reannounced = 0 })
  })
  retry_policy      = { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 }
  dead_letter_queue = module.reconciliation_failures.grant_target

  alarm_topic_arn = local.alerts_topic_arn
  tags            = local.tags
}
