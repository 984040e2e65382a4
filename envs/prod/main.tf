# Thin root: the provider, and one call of the orders-service composition with this
# environment's settings from config.json (validated against
# policies/schemas/env-config.schema.json by scripts/envctl.py before any terraform command).

locals {
  config = jsondecode(file("${path.module}/config.json"))
}

provider "aws" {
  region = local.config.region

  default_tags {
    tags = {
      managed_by = "terraform"
      root       = "envs/${local.config.environment}"
    }
  }
}

module "service" {
  source = "../orders-service"

  environment       = local.config.environment
  owner             = local.config.owner
  function_zip_path = var.function_zip_path
  functions         = local.config.functions

  log_retention_days = local.config.log_retention_days
  table_deletion_protection = {
    enabled    = var.emulator_teardown ? false : local.config.table.deletion_protection
    off_reason = var.emulator_teardown ? "emulator teardown by scripts/envctl.py" : try(local.config.table.deletion_protection_off_reason, null)
  }
  work_queue  = local.config.queue
  http_api    = local.config.http_api
  partner_api = local.config.partner_api
  event_bus   = local.config.event_bus
  alarms      = local.config.alarms
  budget      = local.config.budget

  reconciliation = local.config.reconciliation
}
