output "api_id" {
  description = "ID of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Default execute-api endpoint (disabled when a custom domain is set)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "execution_arn" {
  description = "Execution ARN of the API, the prefix of every source ARN its invocations carry."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_invoke_url" {
  description = "Invoke URL of the $default stage."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "route_ids" {
  description = "Route key -> route ID."
  value       = { for key, route in aws_apigatewayv2_route.this : key => route.id }
}

output "authorizer_ids" {
  description = "Authorizer key -> authorizer ID."
  value       = { for key, authorizer in aws_apigatewayv2_authorizer.this : key => authorizer.id }
}

output "route_permission_source_arns" {
  description = "Route key -> the source ARN its Lambda permission allows."
  value       = { for key, permission in aws_lambda_permission.routes : key => permission.source_arn }
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = aws_cloudwatch_log_group.access.name
}

output "access_log_group_arn" {
  description = "ARN of the access log group."
  value       = aws_cloudwatch_log_group.access.arn
}

output "domain_target" {
  description = "For a custom domain: the regional target name and hosted zone id the DNS alias record points to; null without one."
  value = var.domain == null ? null : {
    target_domain_name = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    hosted_zone_id     = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
  }
}

output "alarm_arns" {
  description = "Alarm key (5xx-rate, latency-p99) -> alarm ARN; empty when alarms are disabled."
  value = merge(
    { for alarm in aws_cloudwatch_metric_alarm.error_rate : "5xx-rate" => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.latency : "latency-p99" => alarm.arn },
  )
}
