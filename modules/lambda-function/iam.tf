locals {
  # Access level -> the parts of a grant: statement id suffix, the smallest action set, and what
  # of the target it applies to (scope): the ARN itself; a DynamoDB table and its indexes (reads
  # only: indexes cannot be written directly); the bucket's objects, under the grant's prefix;
  # the bucket, for listing; the parameters under an SSM path.
  grant_access = {
    "dynamodb/read" = [
      { suffix = "", actions = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"], scope = "indexes" },
    ]
    "dynamodb/write" = [
      { suffix = "", actions = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], scope = "arn" },
    ]
    "dynamodb/read_write" = [
      { suffix = "Read", actions = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"], scope = "indexes" },
      { suffix = "Write", actions = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"], scope = "arn" },
    ]
    "dynamodb/read_stream" = [
      { suffix = "", actions = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], scope = "arn" },
    ]
    "sqs/send"            = [{ suffix = "", actions = ["sqs:SendMessage"], scope = "arn" }]
    "sqs/consume"         = [{ suffix = "", actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], scope = "arn" }]
    "events/put"          = [{ suffix = "", actions = ["events:PutEvents"], scope = "arn" }]
    "kms/decrypt"         = [{ suffix = "", actions = ["kms:Decrypt"], scope = "arn" }]
    "kms/encrypt_decrypt" = [{ suffix = "", actions = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], scope = "arn" }]
    "sns/publish"         = [{ suffix = "", actions = ["sns:Publish"], scope = "arn" }]

    "secretsmanager/read" = [{ suffix = "", actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], scope = "arn" }]
    "ssm/read"            = [{ suffix = "", actions = ["ssm:GetParameter", "ssm:GetParameters"], scope = "arn" }]
    # A by-path read is authorized on the path itself and returns every level below it; single
    # reads of those parameters are authorized on each parameter's own ARN.
    "ssm/read_path" = [
      { suffix = "", actions = ["ssm:GetParameter", "ssm:GetParameters"], scope = "children" },
      { suffix = "Path", actions = ["ssm:GetParametersByPath"], scope = "arn" },
    ]
    # ListBucket lets a read of a missing key answer 404 instead of 403, and lists the prefix.
    "s3/read" = [
      { suffix = "", actions = ["s3:GetObject"], scope = "objects" },
      { suffix = "List", actions = ["s3:ListBucket"], scope = "bucket" },
    ]
    "s3/write" = [
      { suffix = "", actions = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], scope = "objects" },
    ]
    "s3/read_write" = [
      { suffix = "Read", actions = ["s3:GetObject"], scope = "objects" },
      { suffix = "Write", actions = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], scope = "objects" },
      { suffix = "List", actions = ["s3:ListBucket"], scope = "bucket" },
    ]
    "states/start"  = [{ suffix = "", actions = ["states:StartExecution"], scope = "arn" }]
    "lambda/invoke" = [{ suffix = "", actions = ["lambda:InvokeFunction"], scope = "arn" }]
    "kinesis/read"  = [{ suffix = "", actions = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], scope = "arn" }]
  }

  # What the target's service needs of its customer key for each access level, used through that
  # service only (kms:ViaService): DynamoDB decrypts its table key for reads and writes alike; SQS,
  # SNS and EventBridge generate a data key to encrypt what is sent and decrypt what is received.
  # Secrets Manager, SSM (SecureString), S3 (SSE-KMS) and Kinesis decrypt what is read; S3 and
  # Step Functions (an execution's input) generate a data key to write, and decrypt it again for
  # multipart uploads and cached data keys.
  grant_key_actions = {
    "dynamodb/read"        = ["kms:Decrypt", "kms:DescribeKey"]
    "dynamodb/write"       = ["kms:Decrypt", "kms:DescribeKey"]
    "dynamodb/read_write"  = ["kms:Decrypt", "kms:DescribeKey"]
    "dynamodb/read_stream" = ["kms:Decrypt"]
    "sqs/send"             = ["kms:GenerateDataKey", "kms:Decrypt"]
    "sqs/consume"          = ["kms:Decrypt"]
    "events/put"           = ["kms:GenerateDataKey"]
    "sns/publish"          = ["kms:GenerateDataKey", "kms:Decrypt"]
    "secretsmanager/read"  = ["kms:Decrypt"]
    "ssm/read"             = ["kms:Decrypt"]
    "ssm/read_path"        = ["kms:Decrypt"]
    "s3/read"              = ["kms:Decrypt"]
    "s3/write"             = ["kms:GenerateDataKey", "kms:Decrypt"]
    "s3/read_write"        = ["kms:GenerateDataKey", "kms:Decrypt"]
    "states/start"         = ["kms:GenerateDataKey", "kms:Decrypt"]
    "kinesis/read"         = ["kms:Decrypt"]
  }
  target_kinds = {
    dynamodb_table        = "dynamodb"
    sqs_queue             = "sqs"
    event_bus             = "events"
    sns_topic             = "sns"
    secretsmanager_secret = "secretsmanager"
    ssm_parameter         = "ssm"
    s3_bucket             = "s3"
    state_machine         = "states"
    lambda_function       = "lambda"
    kinesis_stream        = "kinesis"
  }

  # kind: the IAM service of the target; arn: what the actions apply to (the stream for
  # read_stream); key_arn: the target's key, only from a target object; objects: the S3 key
  # pattern the grant covers ("<prefix>/*", or "*" for the whole bucket).
  grant_targets = {
    for key, grant in var.grants : key => grant.target != null ? {
      kind    = local.target_kinds[grant.target.type]
      arn     = grant.access == "read_stream" ? grant.target.stream_arn : grant.target.arn
      key_arn = grant.target.kms_key_arn
      objects = grant.prefix == null ? "*" : "${trimsuffix(grant.prefix, "/")}/*"
      } : one([
        for kind, arn in {
          dynamodb = grant.dynamodb_table_arn
          sqs      = grant.sqs_queue_arn
          events   = grant.event_bus_arn
          kms      = grant.kms_key_arn
          sns      = grant.sns_topic_arn
        } : { kind = kind, arn = arn, key_arn = null, objects = "*" } if arn != null
    ])
  }

  grant_statements = flatten([
    for key, grant in var.grants : concat(
      [
        for part in local.grant_access["${local.grant_targets[key].kind}/${grant.access}"] : merge(
          {
            Sid    = "Grant${key}${part.suffix}"
            Effect = "Allow"
            Action = part.actions
            # Conditionals, not a lookup map: only the chosen form is built, so a read_stream
            # grant without a stream still reaches the precondition that names the fault.
            Resource = (
              part.scope == "indexes" ? [local.grant_targets[key].arn, "${local.grant_targets[key].arn}/index/*"] :
              part.scope == "objects" ? ["${local.grant_targets[key].arn}/${local.grant_targets[key].objects}"] :
              part.scope == "children" ? ["${local.grant_targets[key].arn}/*"] : [local.grant_targets[key].arn]
            )
          },
          # Listing is limited to the grant's prefix; a whole-bucket grant lists the whole bucket.
          part.scope == "bucket" && grant.prefix != null ? { Condition = { StringLike = { "s3:prefix" = [local.grant_targets[key].objects] } } } : {},
        )
      ],
      local.grant_targets[key].key_arn == null ? [] : [{
        Sid       = "Grant${key}Key"
        Effect    = "Allow"
        Action    = local.grant_key_actions["${local.grant_targets[key].kind}/${grant.access}"]
        Resource  = [local.grant_targets[key].key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "${local.grant_targets[key].kind}.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }
      }],
    )
  ])

  # Write and permissions-management actions per IAM service, generated from the gate's table
  # (checks/slsguard/gate/iam_actions.json, `make module-iam-data`), so the module refuses the
  # same action wildcards as the gate: "dynamodb:*Item" reads like a read but matches PutItem,
  # DeleteItem and BatchWriteItem.
  iam_write_actions = jsondecode(file("${path.module}/iam_write_actions.json")).services

  # One flag per extra action (no `if` filter, so an unknown action elsewhere does not hide a
  # known fault): an Allow wildcard that matches a write action, or whose service is unknown.
  extra_wildcard_faults = flatten([
    for statement in var.extra_policy_statements : [
      for action in statement.actions : statement.effect == "Allow" && strcontains(action, "*") && (
        !contains(keys(local.iam_write_actions), split(":", action)[0]) ||
        anytrue([
          for name in split(" ", lookup(local.iam_write_actions, split(":", action)[0], "")) :
          can(regex("^(?i)${replace(try(split(":", action)[1], ""), "*", ".*")}$", name))
        ])
      )
    ]
  ])

  # Event sources: the consumer grant Lambda's pollers need, and decryption of the queue's key
  # only through SQS.
  event_source_statements = flatten([
    for key, source in var.sqs_event_sources : concat(
      [{
        Sid      = "EventSource${key}Consume"
        Effect   = "Allow"
        Action   = local.grant_access["sqs/consume"][0].actions
        Resource = [source.queue_arn]
      }],
      source.kms_key_arn == null ? [] : [{
        Sid       = "EventSource${key}Decrypt"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [source.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "sqs.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }
      }],
    )
  ])

  # Stream sources: the event source ARN is the table's stream or the Kinesis stream; kind is the
  # IAM service that reads it and decrypts its key.
  stream_read_actions = {
    dynamodb = local.grant_access["dynamodb/read_stream"][0].actions
    kinesis  = local.grant_access["kinesis/read"][0].actions
  }
  stream_sources = {
    for key, source in var.stream_event_sources : key => {
      kind = source.source.type == "dynamodb_table" ? "dynamodb" : "kinesis"
      arn  = source.source.type == "dynamodb_table" ? source.source.stream_arn : source.source.arn
    }
  }
  destination_kinds = { sqs_queue = "sqs", sns_topic = "sns" }

  # Read the stream (and its key through its service), send expired records' metadata to the
  # destination (and encrypt with its key through its service).
  stream_source_statements = flatten([
    for key, source in var.stream_event_sources : concat(
      [{
        Sid      = "Stream${key}Read"
        Effect   = "Allow"
        Action   = local.stream_read_actions[local.stream_sources[key].kind]
        Resource = [local.stream_sources[key].arn]
      }],
      source.source.kms_key_arn == null ? [] : [{
        Sid       = "Stream${key}Decrypt"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [source.source.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "${local.stream_sources[key].kind}.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }
      }],
      [{
        Sid      = "Stream${key}OnFailure"
        Effect   = "Allow"
        Action   = [local.delivery_actions[local.destination_kinds[source.on_failure_destination.type]]]
        Resource = [source.on_failure_destination.arn]
      }],
      source.on_failure_destination.kms_key_arn == null ? [] : [{
        Sid       = "Stream${key}OnFailureKey"
        Effect    = "Allow"
        Action    = local.grant_key_actions["${local.destination_kinds[source.on_failure_destination.type]}/${source.on_failure_destination.type == "sqs_queue" ? "send" : "publish"}"]
        Resource  = [source.on_failure_destination.kms_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "${local.destination_kinds[source.on_failure_destination.type]}.${data.aws_service.current.region}.${data.aws_partition.current.dns_suffix}" } }
      }],
    )
  ])

  # Where failed (and, if asked, successful) asynchronous events go: the role sends them there.
  delivery_actions = {
    sqs    = "sqs:SendMessage"
    sns    = "sns:Publish"
    lambda = "lambda:InvokeFunction"
    events = "events:PutEvents"
  }
  async_targets = var.async_invocation == null ? {} : {
    for sid, arn in {
      AsyncOnFailure = var.async_invocation.on_failure_destination_arn
      AsyncOnSuccess = var.async_invocation.on_success_destination_arn
      DeadLetter     = var.async_invocation.dead_letter_target_arn
    } : sid => arn if arn != null
  }
  async_statements = [
    for sid, arn in local.async_targets : {
      Sid      = sid
      Effect   = "Allow"
      Action   = [local.delivery_actions[split(":", arn)[2]]]
      Resource = [arn]
    }
  ]

  extra_statements = [
    for statement in var.extra_policy_statements : merge(
      {
        Sid      = "Extra${statement.sid}"
        Effect   = statement.effect
        Action   = statement.actions
        Resource = statement.resources
      },
      length(statement.conditions) == 0 ? {} : {
        Condition = {
          for test in distinct([for c in statement.conditions : c.test]) : test => {
            for c in statement.conditions : c.variable => c.values if c.test == test
          }
        }
      },
    )
  ]

  # Trust policies as plain JSON (not aws_iam_policy_document) so they are literal at plan time.
  assume_role_policies = {
    for service in ["lambda", "codedeploy"] : service => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Service = "${service}.${data.aws_partition.current.dns_suffix}" }
        Action    = "sts:AssumeRole"
      }]
    })
  }

  policy_statements = concat(
    [
      {
        # Its log group only, which exists before the function (the module creates it, or its owner
        # did: existing_log_group_name), so no logs:CreateLogGroup.
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.log_group_arn}:*"]
      },
      {
        # The one documented exception to "no * resource": X-Ray's trace APIs have no resource
        # types, so IAM only accepts "*" for them.
        Sid      = "XRay"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      },
    ],
    local.grant_statements,
    local.event_source_statements,
    local.stream_source_statements,
    local.vpc_statements,
    local.async_statements,
    local.extra_statements,
  )
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-exec"
  description          = "Execution role of the Lambda function ${var.name}."
  assume_role_policy   = local.assume_role_policies.lambda
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "least-privilege"
  role = aws_iam_role.this.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.policy_statements
  })

  lifecycle {
    precondition {
      condition     = !anytrue(local.extra_wildcard_faults)
      error_message = "extra_policy_statements: an Allow action wildcard expands to write or permissions-management actions (e.g. \"dynamodb:*Item\" matches PutItem and DeleteItem), or names a service the IAM table does not know; list the actions instead."
    }
    precondition {
      condition     = !anytrue([for grant in values(var.grants) : grant.access == "read_stream" && try(grant.target.stream_arn, null) == null])
      error_message = "grant access read_stream needs a grant_target whose table has a stream (set stream_view_type on the dynamodb-table module)."
    }
  }
}
