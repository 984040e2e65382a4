output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "function_version" {
  description = "Latest published version, or \"$LATEST\" when publish is false."
  value       = aws_lambda_function.this.version
}

output "alias_name" {
  description = "Name of the alias that receives traffic (\"live\"), or null when publish is false."
  value       = local.has_alias ? local.alias.name : null
}

output "alias_arn" {
  description = "ARN of the \"live\" alias, or null when publish is false."
  value       = local.has_alias ? local.alias.arn : null
}

output "invoke_target_arn" {
  description = "ARN callers should invoke and grant lambda:InvokeFunction on: the \"live\" alias when there is one, otherwise the function."
  value       = local.invoke_target_arn
}

output "grant_target" {
  description = "The function as a grant target of another lambda-function: `grants = { pricing = { target = module.<this>.grant_target, access = \"invoke\" } }` grants lambda:InvokeFunction on invoke_target_arn (the \"live\" alias when there is one). The schedule module accepts it as its target too."
  value = {
    type = "lambda_function"
    arn  = local.invoke_target_arn
    # Invoking needs no key: the function's key only encrypts its own environment.
    kms_key_arn = null
    stream_arn  = null
  }
}

output "invoke_arn" {
  description = "ARN for API Gateway integrations: alias-qualified when there is an alias."
  value       = local.has_alias ? local.alias.invoke_arn : aws_lambda_function.this.invoke_arn
}

output "function_url" {
  description = "HTTPS URL of the function URL, or null without function_url."
  value       = one(aws_lambda_function_url.this[*].function_url)
}

output "role_arn" {
  description = "ARN of the execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the execution role."
  value       = aws_iam_role.this.name
}

output "policy_json" {
  description = "The execution role's inline policy document (JSON), generated from grants, queue and stream event sources, async destinations and extra_policy_statements."
  value       = aws_iam_role_policy.this.policy
}

output "log_group_name" {
  description = "Name of the function's log group (existing_log_group_name when set)."
  value       = var.existing_log_group_name != null ? var.existing_log_group_name : aws_cloudwatch_log_group.this[0].name
}

output "log_group_arn" {
  description = "ARN of the function's log group (built from existing_log_group_name when set)."
  value       = var.existing_log_group_name != null ? local.log_group_arn : aws_cloudwatch_log_group.this[0].arn
}

output "event_source_mapping_uuids" {
  description = "Map of sqs_event_sources key to the event source mapping UUID."
  value       = { for key, mapping in aws_lambda_event_source_mapping.sqs : key => mapping.uuid }
}

output "stream_event_source_mapping_uuids" {
  description = "Map of stream_event_sources key to the event source mapping UUID."
  value       = { for key, mapping in aws_lambda_event_source_mapping.stream : key => mapping.uuid }
}

output "alarm_arns" {
  description = "Map of alarm key (errors, throttles, duration-p99, concurrent-executions, and iterator-age with stream_event_sources) to CloudWatch alarm ARN; empty when alarms are disabled."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}

output "codedeploy_app_name" {
  description = "CodeDeploy application name, or null without codedeploy."
  value       = local.codedeploy ? aws_codedeploy_app.this[0].name : null
}

output "codedeploy_deployment_group_name" {
  description = "CodeDeploy deployment group name, or null without codedeploy."
  value       = local.codedeploy ? aws_codedeploy_deployment_group.this[0].deployment_group_name : null
}

output "codedeploy_appspec" {
  description = "AppSpec (JSON) that shifts the live alias from its current version to the version Terraform just published; pass it to `aws deploy create-deployment --revision revisionType=AppSpecContent`. Null without codedeploy."
  value = local.codedeploy ? jsonencode({
    version = 0.0
    Resources = [{
      (var.name) = {
        Type = "AWS::Lambda::Function"
        Properties = {
          Name           = aws_lambda_function.this.function_name
          Alias          = local.alias.name
          CurrentVersion = local.alias.function_version
          TargetVersion  = aws_lambda_function.this.version
        }
      }
    }]
  }) : null
}
