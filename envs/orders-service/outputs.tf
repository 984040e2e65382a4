output "name" {
  description = "Name prefix of every resource of this environment (orders-<environment>)."
  value       = local.name
}

output "kms_key_arn" {
  description = "The environment's customer managed key."
  value       = module.key.key_arn
}

output "permissions_boundary_arn" {
  description = "Permissions boundary of every role of the service."
  value       = module.boundary.policy_arn
}

output "http_api" {
  description = "The customers' HTTP API: id, invoke URL and route key => route id."
  value = {
    id         = module.http_api.api_id
    invoke_url = module.http_api.stage_invoke_url
    route_ids  = module.http_api.route_ids
  }
}

output "partner_api" {
  description = "The partners' REST API: id, invoke URL and tier => usage plan id."
  value = {
    id             = module.partner_api.api_id
    invoke_url     = module.partner_api.invoke_url
    usage_plan_ids = module.partner_api.usage_plan_ids
  }
}

output "event_bus" {
  description = "The orders bus: name, ARN and the OrderPlaced rule's name."
  value = {
    name                   = module.event_bus.bus_name
    arn                    = module.event_bus.bus_arn
    order_placed_rule_name = module.event_bus.rule_names[local.order_placed_rule_key]
  }
}

output "table_name" {
  description = "The orders table."
  value       = module.orders_table.table_name
}

output "queues" {
  description = "The service's queues, each with its dead-letter queue: name => { url, arn, dlq_url, dlq_arn }."
  value = {
    for key, queue in { work = module.work_queue, notification_failures = module.notification_failures, reconciliation_failures = module.reconciliation_failures } : key => {
      url                    = queue.queue_url
      arn                    = queue.queue_arn
      dlq_url                = queue.dlq_url
      dlq_arn                = queue.dlq_arn
    }
  }
}

output "functions" {
  description = "The functions: key => { name, arn, role_arn, reserved_concurrency }."
  value = {
    for key, function in { api = module.api_function, worker = module.worker_function, notifier = module.notifier_function, reconciler = module.reconciler_function } : key => {
      name                     = function.function_name
      arn                      = function.function_arn
      role_arn                 = function.role_arn
      reserved_concurrency     = var.functions[key].reserved_concurrency
    }
  }
}

output "reconciliation" {
  description = "The nightly reconciliation: its schedule (name, group, ARN) and the state machine it starts (name, ARN, role ARN, log group)."
  value = {
    schedule_name          = module.reconciliation_schedule.schedule_name
    schedule_group         = module.reconciliation_schedule.group_name
    schedule_arn           = module.reconciliation_schedule.schedule_arn
    schedule_role_arn      = module.reconciliation_schedule.role_arn
    state_machine_name     = module.reconciliation_workflow.state_machine_name
    state_machine_arn      = module.reconciliation_workflow.state_machine_arn
    state_machine_role_arn = module.reconciliation_workflow.role_arn
    state_machine_logs     = module.reconciliation_workflow.log_group_name
  }
}

output "alerts_topic_arn" {
  description = "SNS topic every alarm of the service notifies."
  value       = module.alerts.topic_arn
}

output "budget" {
  description = "The environment's monthly cost budget and the topic its alerts go to."
  value = {
    name      = module.budget.budget_name
    topic_arn = module.budget.topic_arn
  }
}
