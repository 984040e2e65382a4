output "api_id" {
  description = "ID of the REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "execution_arn" {
  description = "Execution ARN of the API, the prefix of every source ARN its invocations carry."
  value       = aws_api_gateway_rest_api.this.execution_arn
}

output "stage_name" {
  description = "Name of the stage."
  value       = aws_api_gateway_stage.this.stage_name
}

output "stage_arn" {
  description = "ARN of the stage (what a WAF web ACL is associated with)."
  value       = aws_api_gateway_stage.this.arn
}

output "invoke_url" {
  description = "Invoke URL of the stage."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "deployment_id" {
  description = "ID of the current deployment."
  value       = aws_api_gateway_deployment.this.id
}

output "route_permission_source_arns" {
  description = "Route key -> the source ARN its Lambda permission allows."
  value       = { for key, permission in aws_lambda_permission.routes : key => permission.source_arn }
}

output "usage_plan_ids" {
  description = "Tier -> usage plan ID."
  value       = { for tier, plan in aws_api_gateway_usage_plan.this : tier => plan.id }
}

output "api_key_ids" {
  description = "Tenant -> API key ID. Values are never output; read one with `aws apigateway get-api-key --api-key <id> --include-value`."
  value       = { for tenant, key in aws_api_gateway_api_key.this : tenant => key.id }
}

output "request_validator_id" {
  description = "ID of the request validator every method uses (body and parameters)."
  value       = aws_api_gateway_request_validator.this.id
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = aws_cloudwatch_log_group.access.name
}

output "access_log_group_arn" {
  description = "ARN of the access log group."
  value       = aws_cloudwatch_log_group.access.arn
}

output "alarm_arns" {
  description = "Alarm key (5xx-rate, latency-p99) -> alarm ARN; empty when alarms are disabled."
  value = merge(
    { for alarm in aws_cloudwatch_metric_alarm.error_rate : "5xx-rate" => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.latency : "latency-p99" => alarm.arn },
  )
}
