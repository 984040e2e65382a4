locals {
  kms_via_dynamodb = { StringEquals = { "kms:ViaService" = "dynamodb.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }
  decrypt_statement = {
    Sid       = "DecryptTableKey"
    Effect    = "Allow"
    Action    = ["kms:Decrypt", "kms:DescribeKey"]
    Resource  = [var.kms_key_arn]
    Condition = local.kms_via_dynamodb
  }

  # Identity-policy statements for consumers' roles; built from ARNs known at plan time.
  read_policy_statements = concat(
    [{
      Sid      = "ReadTable"
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"]
      Resource = [local.table_arn]
    }],
    length(local.index_arns) == 0 ? [] : [{
      Sid      = "ReadIndexes"
      Effect   = "Allow"
      Action   = ["dynamodb:Query", "dynamodb:Scan"]
      Resource = values(local.index_arns)
    }],
    [local.decrypt_statement],
  )

  write_policy_statements = [
    {
      Sid      = "WriteTable"
      Effect   = "Allow"
      Action   = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"]
      Resource = [local.table_arn]
    },
    local.decrypt_statement,
  ]
}

output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table, built from its name: known at plan time."
  value       = local.table_arn
  # The value is known before the table exists; consumers must still wait for it.
  depends_on = [aws_dynamodb_table.this]
}

output "grant_target" {
  description = "The table as a lambda-function grant target: `grants = { orders = { target = module.<this>.grant_target, access = \"write\" } }` grants the item actions on the table (and its indexes for reads), kms:Decrypt/DescribeKey on the table key through DynamoDB, and, with access \"read_stream\", the stream."
  value = {
    type        = "dynamodb_table"
    arn         = local.table_arn
    kms_key_arn = var.kms_key_arn
    stream_arn  = var.stream_view_type == null ? null : aws_dynamodb_table.this.stream_arn
  }
}

output "stream_arn" {
  description = "ARN of the table's stream (null when stream_view_type is null)."
  value       = var.stream_view_type == null ? null : aws_dynamodb_table.this.stream_arn
}

output "index_arns" {
  description = "Map of index name (global and local) to index ARN."
  value       = local.index_arns
}

output "read_policy_statements" {
  description = "JSON list of IAM statements for a reader's role: item reads on the table, Query/Scan on every index ARN, kms:Decrypt on the table key through DynamoDB only."
  value       = jsonencode(local.read_policy_statements)
}

output "write_policy_statements" {
  description = "JSON list of IAM statements for a writer's role: item writes on the table and kms:Decrypt on the table key through DynamoDB only."
  value       = jsonencode(local.write_policy_statements)
}

output "alarm_arns" {
  description = "Map of alarm key (read-throttle-events, index-<gsi>-write-throttle-events, system-errors ...) to alarm ARN; empty when alarms are disabled."
  value = merge(
    { for key, alarm in aws_cloudwatch_metric_alarm.throttles : key => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.system_errors : "system-errors" => alarm.arn },
  )
}
