variable "region" {
  description = "Region of the provider (Budgets is global; the topic and key live here)."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Workload name: budget prefix and service tag value."
  type        = string
  default     = "orders"
}

variable "environment" {
  description = "Environment the budget covers."
  type        = string
  default     = "prod"
}

variable "limit_amount" {
  description = "Monthly limit in USD."
  type        = number
  default     = 500
}

variable "anomaly_detection_enabled" {
  description = "Create the Cost Anomaly Detection monitor and subscription."
  type        = bool
  default     = false
}

variable "budget_action_role_names" {
  description = "Roles the opt-in budget action would freeze; empty creates no action."
  type        = list(string)
  default     = []
}
