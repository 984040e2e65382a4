output "budget" {
  description = "Every output of the budget-alerts module."
  value       = module.budget
}
