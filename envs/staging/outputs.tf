output "service" {
  description = "What the orders service exposes: endpoints, table, queues, bus, functions, topics."
  value       = module.service
}
