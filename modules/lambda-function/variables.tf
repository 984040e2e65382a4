# Rules that compare several inputs (provisioned <= reserved, maximum concurrency <= reserved,
# alias and alarm requirements, package kinds) are preconditions on aws_lambda_function.this, in
# one place beside the resource they guard; they date from terraform 1.7 support, when
# validations could not reference other variables. Both fail the plan before anything is created.

# --- Function -----------------------------------------------------------------------------------

variable "name" {
  description = "Name of the function. Also prefixes the execution role (\"<name>-exec\"), the CodeDeploy role (\"<name>-deploy\"), the alarms, and names the log group \"/aws/lambda/<name>\"."
  type        = string

  validation {
    # 64 is the Lambda and IAM role limit; "-deploy" takes 7 of them.
    condition     = can(regex("^[A-Za-z0-9_-]{1,57}$", var.name))
    error_message = "name must be 1-57 characters of letters, digits, hyphens and underscores (the module adds \"-deploy\" to name a role)."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters."
  }
}

variable "package" {
  description = <<-EOT
    Where the code comes from, exactly one of:
    - zip_path: a local .zip (e.g. built with `slsguard zip SRC_DIR OUT.zip`; the module hashes
      it with filebase64sha256 so a changed zip redeploys);
    - s3_bucket + s3_key (+ s3_object_version): a zip in S3; pass source_code_hash (base64
      SHA-256 of the zip) to redeploy when the object changes under the same key;
    - image_uri: a container image in ECR (package type Image), preferably pinned by digest
      (<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>): a tag can be
      moved to other code without terraform noticing, and "latest" is refused. image_config
      overrides the image's CMD (command), ENTRYPOINT (entry_point) and WORKDIR
      (working_directory). An image brings its own runtime and handler, and cannot use layers,
      so handler, runtime and layers must then be left unset.
  EOT
  type = object({
    zip_path          = optional(string)
    s3_bucket         = optional(string)
    s3_key            = optional(string)
    s3_object_version = optional(string)
    source_code_hash  = optional(string)
    image_uri         = optional(string)
    image_config = optional(object({
      command           = optional(list(string))
      entry_point       = optional(list(string))
      working_directory = optional(string)
    }))
  })

  validation {
    condition = length([for source in [
      var.package.zip_path != null,
      var.package.s3_bucket != null && var.package.s3_key != null,
      var.package.image_uri != null,
    ] : source if source]) == 1
    error_message = "package needs exactly one source: zip_path, s3_bucket together with s3_key, or image_uri."
  }

  validation {
    condition = var.package.zip_path == null || (
      var.package.s3_bucket == null && var.package.s3_key == null && var.package.s3_object_version == null && var.package.source_code_hash == null
    )
    error_message = "package.zip_path cannot be combined with s3_* fields or source_code_hash (the module hashes the local zip itself)."
  }

  validation {
    condition     = var.package.zip_path == null || can(regex("\\.zip$", var.package.zip_path))
    error_message = "package.zip_path must name a .zip file."
  }

  validation {
    condition     = var.package.source_code_hash == null || can(regex("^[A-Za-z0-9+/]{43}=$", var.package.source_code_hash))
    error_message = "package.source_code_hash must be a base64-encoded SHA-256 (44 characters ending in '='), as filebase64sha256 or `slsguard zip` print it."
  }

  validation {
    condition = var.package.image_uri == null || (
      var.package.s3_bucket == null && var.package.s3_key == null && var.package.s3_object_version == null && var.package.source_code_hash == null
    )
    error_message = "package.image_uri cannot be combined with s3_* fields or source_code_hash (an image is identified by its tag or digest)."
  }

  validation {
    # Lambda pulls images from ECR only; repository names are lowercase path segments.
    condition     = var.package.image_uri == null || can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$", var.package.image_uri))
    error_message = "package.image_uri must be an ECR image URI with a tag or (preferably) a digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or .../<repository>@sha256:<64 hex digits>."
  }

  validation {
    # "latest" is moved by every push: the function would run whatever was pushed last, and
    # terraform would never see a change to deploy.
    condition     = var.package.image_uri == null || !endswith(coalesce(var.package.image_uri, "-"), ":latest")
    error_message = "package.image_uri must not use the tag \"latest\": pin a digest (@sha256:...) or a release tag."
  }

  validation {
    condition     = var.package.image_config == null || var.package.image_uri != null
    error_message = "package.image_config applies to container images only: set image_uri, or remove image_config."
  }

  validation {
    condition = var.package.image_config == null || try(
      (var.package.image_config.working_directory == null || can(regex("^/[^\\s]{0,999}$", var.package.image_config.working_directory))) &&
      length(coalesce(var.package.image_config.command, [])) <= 1500 && length(coalesce(var.package.image_config.entry_point, [])) <= 1500,
    false)
    error_message = "package.image_config.working_directory must be an absolute path without whitespace (at most 1000 characters), and command and entry_point at most 1500 items each."
  }
}

variable "handler" {
  description = "Entry point of the function, e.g. \"app.handler\" (Python) or \"index.handler\" (Node.js). For provided.* runtimes any non-empty name your bootstrap understands. Required for zip and S3 packages; null for a container image (its CMD names the handler, package.image_config.command overrides it)."
  type        = string
  default     = null

  validation {
    condition     = var.handler == null || can(regex("^[^\\s]{1,128}$", var.handler))
    error_message = "handler must be 1-128 characters without whitespace."
  }
}

variable "runtime" {
  description = "Lambda runtime. Only runtimes AWS has not deprecated are accepted (policies/lambda-runtimes.yaml has the dates): python3.12, python3.13, nodejs22.x, java21, ruby3.3, ruby3.4, provided.al2023. Required for zip and S3 packages; null for a container image (it brings its own)."
  type        = string
  default     = null

  validation {
    # Terraform's || does not short-circuit, and contains() refuses a null value: try() absorbs it.
    condition = var.runtime == null || try(contains([
      "python3.12", "python3.13",
      "nodejs22.x",
      "java21",
      "ruby3.3", "ruby3.4",
      "provided.al2023",
    ], var.runtime), false)
    error_message = "runtime must be one of python3.12, python3.13, nodejs22.x, java21, ruby3.3, ruby3.4, provided.al2023 (deprecated runtimes are refused)."
  }
}

variable "architecture" {
  description = "Instruction set: arm64 (Graviton, about 20% cheaper per GB-second) by default, or x86_64 for packages with x86-only native code."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240). CPU is allocated in proportion to it."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Maximum run time of one invocation in seconds (1-900). Queues feeding the function need a visibility timeout of at least 6x this."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "ephemeral_storage_size" {
  description = "Size of /tmp in MB (512-10240)."
  type        = number
  default     = 512

  validation {
    condition     = var.ephemeral_storage_size >= 512 && var.ephemeral_storage_size <= 10240 && floor(var.ephemeral_storage_size) == var.ephemeral_storage_size
    error_message = "ephemeral_storage_size must be a whole number of MB between 512 and 10240."
  }
}

variable "layers" {
  description = "Layer version ARNs (at most 5), in the order they are extracted. Not for container images: build the layers' content into the image."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "a function can use at most 5 layers."
  }

  validation {
    condition     = !anytrue([for ok in [for arn in var.layers : can(regex("^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", arn))] : !ok])
    error_message = "layers must be layer version ARNs (arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>)."
  }
}

variable "environment_variables" {
  description = "Environment variables of the function, encrypted at rest with kms_key_arn. Not for secrets: read those from Secrets Manager or SSM at run time."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.environment_variables) : can(regex("^[a-zA-Z][a-zA-Z0-9_]*$", key))] : !ok])
    error_message = "environment variable names must start with a letter and hold only letters, digits and underscores."
  }

  validation {
    condition = length(setintersection(keys(var.environment_variables), [
      "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
      "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
      "LAMBDA_RUNTIME_DIR",
    ])) == 0
    error_message = "environment_variables must not set names the Lambda runtime reserves (AWS_REGION, AWS_ACCESS_KEY_ID, LAMBDA_TASK_ROOT ...)."
  }

  validation {
    condition     = sum(concat([0], [for key, value in var.environment_variables : length(key) + length(value)])) <= 4096
    error_message = "environment_variables exceed the Lambda limit of 4 KB (names plus values)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the environment variables and (unless log_group_kms_key_arn is set) the log group. Its key policy must allow logs.<region>.amazonaws.com to use it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a customer managed KMS key (arn:<partition>:kms:<region>:<account>:key/<id>); aliases and AWS managed keys are not accepted."
  }
}

# --- Network ---------------------------------------------------------------------------------------

variable "vpc" {
  description = <<-EOT
    Attach the function to a VPC (null: it runs in Lambda's own network, with internet access
    and no access to private resources). Lambda places a network interface in each subnet (use
    private subnets in at least two Availability Zones; the function reaches the internet and
    AWS APIs only through a NAT gateway or VPC endpoints) with these security groups. The module
    adds the network-interface permissions Lambda uses to the role (see the README: narrower than
    AWSLambdaVPCAccessExecutionRole). ipv6_allowed_for_dual_stack lets outbound IPv6 leave through
    dual-stack subnets.
  EOT
  type = object({
    subnet_ids                  = list(string)
    security_group_ids          = list(string)
    ipv6_allowed_for_dual_stack = optional(bool, false)
  })
  default = null

  validation {
    # Lambda's limits: 16 subnets, 5 security groups; an empty list would detach the function.
    condition     = var.vpc == null || try(length(var.vpc.subnet_ids) >= 1 && length(var.vpc.subnet_ids) <= 16 && length(var.vpc.security_group_ids) >= 1 && length(var.vpc.security_group_ids) <= 5, false)
    error_message = "vpc needs 1-16 subnet_ids and 1-5 security_group_ids."
  }

  validation {
    condition     = var.vpc == null || !anytrue([for id in try(var.vpc.subnet_ids, []) : !can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", id))])
    error_message = "vpc.subnet_ids must be subnet ids (subnet-<8 or 17 hex digits>)."
  }

  validation {
    condition     = var.vpc == null || !anytrue([for id in try(var.vpc.security_group_ids, []) : !can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", id))])
    error_message = "vpc.security_group_ids must be security group ids (sg-<8 or 17 hex digits>)."
  }

  validation {
    condition     = var.vpc == null || try(length(distinct(var.vpc.subnet_ids)) == length(var.vpc.subnet_ids) && length(distinct(var.vpc.security_group_ids)) == length(var.vpc.security_group_ids), false)
    error_message = "vpc.subnet_ids and vpc.security_group_ids must not repeat an id."
  }
}

# --- Concurrency, versions, deployment -------------------------------------------------------------

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) this function. Required: an uncapped function can exhaust the account's pool and throttle every other function, and it bounds the cost of a runaway event source."
  type        = number

  validation {
    condition     = var.reserved_concurrency >= 1 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be a whole number >= 1 (0 would disable the function)."
  }
}

variable "publish" {
  description = "Publish a version on every code or configuration change and point the alias \"live\" at it. Needed for provisioned_concurrency and codedeploy."
  type        = bool
  default     = false
}

variable "provisioned_concurrency" {
  description = "Pre-initialised environments kept on the \"live\" alias (0 = none). Requires publish = true and must not exceed reserved_concurrency."
  type        = number
  default     = 0

  validation {
    condition     = var.provisioned_concurrency >= 0 && floor(var.provisioned_concurrency) == var.provisioned_concurrency
    error_message = "provisioned_concurrency must be a whole number >= 0."
  }
}

variable "snap_start" {
  description = "SnapStart for Java: Lambda snapshots the initialised environment of each published version and resumes from it, cutting cold starts. Needs a java runtime and publish = true (snapshots exist for published versions only, which the \"live\" alias serves); not combinable with provisioned_concurrency or ephemeral storage above 512 MB. Code that must be unique per environment (random seeds, connections, credentials cached at init) needs the runtime hooks (see the README)."
  type        = bool
  default     = false
}

variable "codedeploy" {
  description = <<-EOT
    Shift the "live" alias to new versions with CodeDeploy instead of at once: strategy "canary"
    (percentage first, the rest after interval_minutes), "linear" (percentage more every
    interval_minutes) or "all_at_once". The errors alarm is the rollback trigger, so alarms must
    be enabled. Terraform then publishes versions but leaves the alias to CodeDeploy; start a
    deployment with the codedeploy_appspec output. Requires publish = true.
  EOT
  type = object({
    strategy         = string
    percentage       = optional(number, 10)
    interval_minutes = optional(number, 5)
  })
  default = null

  validation {
    condition     = var.codedeploy == null || contains(["canary", "linear", "all_at_once"], try(var.codedeploy.strategy, ""))
    error_message = "codedeploy.strategy must be canary, linear or all_at_once."
  }

  validation {
    condition     = var.codedeploy == null || try(var.codedeploy.percentage >= 1 && var.codedeploy.percentage <= 99 && floor(var.codedeploy.percentage) == var.codedeploy.percentage, false)
    error_message = "codedeploy.percentage must be a whole number between 1 and 99."
  }

  validation {
    condition     = var.codedeploy == null || try(var.codedeploy.interval_minutes >= 1 && var.codedeploy.interval_minutes <= 2880 && floor(var.codedeploy.interval_minutes) == var.codedeploy.interval_minutes, false)
    error_message = "codedeploy.interval_minutes must be a whole number between 1 and 2880 (two days)."
  }
}

# --- Permissions ---------------------------------------------------------------------------------

variable "permissions_boundary_arn" {
  description = "ARN of the IAM policy set as permissions boundary on every role the module creates (execution role, CodeDeploy role). Required: it caps what the roles can ever be granted, whatever later edits add."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<path/name>)."
  }
}

variable "grants" {
  description = <<-EOT
    What the function may touch, keyed by a name used in the statement id (letters and digits).
    Each grant names exactly one target and an access level that fits it; the module turns it
    into the smallest action set on exactly that ARN. The preferred target is a module's
    grant_target output (dynamodb-table, sqs-queue, event-bus, sns-topic, step-function,
    lambda-function), which carries the resource's encryption key, so the grant includes the key
    actions the access needs, through that service only (kms:ViaService):
      target = module.orders_table.grant_target, access = "write"
    Resources without a module here are passed as a target object of the same shape:
      target = { type = "secretsmanager_secret", arn = aws_secretsmanager_secret.db.arn,
                 kms_key_arn = aws_kms_key.secrets.arn }, access = "read"
    Target types and access levels (key actions in brackets, added when the target has a key):
      dynamodb_table:        read (GetItem, BatchGetItem, Query, Scan, ConditionCheckItem on the
                             table and its indexes), write (PutItem, UpdateItem, DeleteItem,
                             BatchWriteItem), read_write (both) [Decrypt, DescribeKey];
                             read_stream (DescribeStream, GetRecords, GetShardIterator on the
                             stream; grant_target only) [Decrypt]
      sqs_queue:             send (SendMessage) [GenerateDataKey, Decrypt], consume
                             (ReceiveMessage, DeleteMessage, GetQueueAttributes) [Decrypt]
      event_bus:             put (PutEvents) [GenerateDataKey]
      sns_topic:             publish (Publish) [GenerateDataKey, Decrypt]
      secretsmanager_secret: read (GetSecretValue, DescribeSecret on the secret's full ARN, with
                             its random suffix) [Decrypt]
      ssm_parameter:         read (GetParameter, GetParameters on the parameter) [Decrypt];
                             read_path (arn names a path such as parameter/orders/prod:
                             GetParametersByPath on the path, which covers every level below it,
                             and GetParameter, GetParameters on <path>/*) [Decrypt]
      s3_bucket:             read (GetObject on bucket/* or, with prefix, bucket/<prefix>/*, and
                             ListBucket on the bucket, limited to that prefix by an s3:prefix
                             condition) [Decrypt], write (PutObject, DeleteObject,
                             AbortMultipartUpload on the same objects) [GenerateDataKey,
                             Decrypt], read_write (both) [GenerateDataKey, Decrypt]
      state_machine:         start (StartExecution) [GenerateDataKey, Decrypt]
      lambda_function:       invoke (InvokeFunction on the ARN given: a module's grant_target
                             is its "live" alias when it has one)
      kinesis_stream:        read (DescribeStream, DescribeStreamSummary, GetRecords,
                             GetShardIterator, ListShards) [Decrypt]
      kms key (kms_key_arn): decrypt (Decrypt), encrypt_decrypt (Decrypt, Encrypt,
                             GenerateDataKey)
    prefix (s3_bucket only) is an object key prefix such as "exports/daily/", without wildcards.
    The older forms dynamodb_table_arn, sqs_queue_arn, event_bus_arn, sns_topic_arn and
    kms_key_arn still work; they carry no key, so an encrypted target then needs its own
    kms_key_arn grant.
  EOT
  type = map(object({
    target = optional(object({
      type        = string
      arn         = string
      kms_key_arn = optional(string)
      stream_arn  = optional(string)
    }))
    dynamodb_table_arn = optional(string)
    sqs_queue_arn      = optional(string)
    event_bus_arn      = optional(string)
    kms_key_arn        = optional(string)
    sns_topic_arn      = optional(string)
    prefix             = optional(string)
    access             = string
  }))
  default = {}

  # Every rule is written as "no grant breaks it" (!anytrue) rather than "every grant keeps it"
  # (alltrue): alltrue gives up at the first unknown element, so one grant on an ARN known only
  # after apply would hide a fault in any other grant until apply.

  validation {
    condition     = !anytrue([for key in keys(var.grants) : !can(regex("^[A-Za-z0-9]{1,48}$", key))])
    error_message = "grants keys become statement ids: use 1-48 letters and digits only."
  }

  validation {
    # None set, or some pair set: a pair with an ARN known only after apply stays undecided, but
    # two known targets are refused at plan.
    condition = !anytrue([for grant in values(var.grants) : (
      !anytrue([for target in [grant.target, grant.dynamodb_table_arn, grant.sqs_queue_arn, grant.event_bus_arn, grant.kms_key_arn, grant.sns_topic_arn] : target != null]) ||
      anytrue(flatten([
        for i, first in [grant.target, grant.dynamodb_table_arn, grant.sqs_queue_arn, grant.event_bus_arn, grant.kms_key_arn, grant.sns_topic_arn] : [
          for j, second in [grant.target, grant.dynamodb_table_arn, grant.sqs_queue_arn, grant.event_bus_arn, grant.kms_key_arn, grant.sns_topic_arn] :
          i < j && first != null && second != null
        ]
      ]))
    )])
    error_message = "every grant must set exactly one of target, dynamodb_table_arn, sqs_queue_arn, event_bus_arn, kms_key_arn, sns_topic_arn."
  }

  validation {
    condition = !anytrue([for grant in values(var.grants) : grant.target != null && !contains([
      "dynamodb_table", "sqs_queue", "event_bus", "sns_topic", "secretsmanager_secret", "ssm_parameter", "s3_bucket", "state_machine", "lambda_function", "kinesis_stream",
    ], try(grant.target.type, ""))])
    error_message = "grant target type must be dynamodb_table, sqs_queue, event_bus, sns_topic, secretsmanager_secret, ssm_parameter, s3_bucket, state_machine, lambda_function or kinesis_stream: pass a module's grant_target output, or { type, arn, kms_key_arn } for a resource without one."
  }

  validation {
    # Each target type has its own access levels, so the check asks whether the access is one of
    # them (a grant_target's type, or the one ARN input of that kind): a target whose ARN is
    # unknown until apply cannot hide a misfit, since the other inputs are known to be null.
    condition = !anytrue([for grant in values(var.grants) : !(
      grant.target != null
      # An unknown target type is the type rule's one message, not a misfit too.
      ? contains(lookup({
        dynamodb_table        = ["read", "write", "read_write", "read_stream"]
        sqs_queue             = ["send", "consume"]
        event_bus             = ["put"]
        sns_topic             = ["publish"]
        secretsmanager_secret = ["read"]
        ssm_parameter         = ["read", "read_path"]
        s3_bucket             = ["read", "write", "read_write"]
        state_machine         = ["start"]
        lambda_function       = ["invoke"]
        kinesis_stream        = ["read"]
      }, try(grant.target.type, ""), [grant.access]), grant.access)
      : lookup({
        read    = grant.dynamodb_table_arn, write = grant.dynamodb_table_arn, read_write = grant.dynamodb_table_arn,
        send    = grant.sqs_queue_arn, consume = grant.sqs_queue_arn, put = grant.event_bus_arn, publish = grant.sns_topic_arn,
        decrypt = grant.kms_key_arn, encrypt_decrypt = grant.kms_key_arn,
      }, grant.access, null) != null
    )])
    error_message = "grant access must fit its target: dynamodb_table read|write|read_write|read_stream (read_stream with a grant_target only), sqs_queue send|consume, event_bus put, sns_topic publish, secretsmanager_secret read, ssm_parameter read|read_path, s3_bucket read|write|read_write, state_machine start, lambda_function invoke, kinesis_stream read, kms key decrypt|encrypt_decrypt."
  }

  validation {
    condition = !anytrue([for grant in values(var.grants) : anytrue([for ok in [
      grant.dynamodb_table_arn == null || can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", grant.dynamodb_table_arn)),
      grant.sqs_queue_arn == null || can(regex("^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?$", grant.sqs_queue_arn)),
      grant.event_bus_arn == null || can(regex("^arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9/._-]{1,256}$", grant.event_bus_arn)),
      grant.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", grant.kms_key_arn)),
      grant.sns_topic_arn == null || can(regex("^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$", grant.sns_topic_arn)),
      grant.target == null || can(regex(lookup({
        dynamodb_table = "^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$"
        sqs_queue      = "^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?$"
        event_bus      = "^arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9/._-]{1,256}$"
        sns_topic      = "^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$"
        # The full ARN ends in the six random characters Secrets Manager appends to the name.
        secretsmanager_secret = "^arn:aws[a-zA-Z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$"
        ssm_parameter         = "^arn:aws[a-zA-Z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter(/[A-Za-z0-9_.-]+)+$"
        s3_bucket             = "^arn:aws[a-zA-Z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"
        state_machine         = "^arn:aws[a-zA-Z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}$"
        lambda_function       = "^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_-]{1,128})?$"
        kinesis_stream        = "^arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]{1,128}$"
      }, try(grant.target.type, ""), ""), grant.target.arn)), # an unknown type is the type rule's message
      try(grant.target.kms_key_arn, null) == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", grant.target.kms_key_arn)),
      try(grant.target.stream_arn, null) == null || can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/stream/[^*]+$", grant.target.stream_arn)),
    ] : !ok])])
    error_message = "grant targets must be full ARNs of their kind (table/<name>, queue, event-bus/<name>, key/<id>, topic, secret:<name>-<6 random characters>, parameter/<name or path>, arn:aws:s3:::<bucket>, stateMachine:<name>, function:<name>[:<alias or version>], stream/<name>; a target's key and stream likewise); wildcards, index ARNs and aliases are not accepted."
  }

  validation {
    # The prefix becomes "<prefix>/*" in the object ARN and the s3:prefix condition, so a
    # wildcard or a leading "/" in it would widen or break the grant.
    condition = !anytrue([for grant in values(var.grants) : grant.prefix != null && !(
      try(grant.target.type, "") == "s3_bucket" && can(regex("^[A-Za-z0-9!_.=-]+(/[A-Za-z0-9!_.=-]+)*/?$", grant.prefix))
    )])
    error_message = "grant prefix applies to s3_bucket targets only and must be an object key prefix such as \"exports/daily/\": letters, digits, ! _ . = - separated by single \"/\", no leading \"/\" and no wildcards."
  }

  validation {
    # Invoking passes the payload to Lambda in the clear (TLS): the invoked function's key
    # encrypts its environment, which the caller never reads.
    condition     = !anytrue([for grant in values(var.grants) : try(grant.target.type, "") == "lambda_function" && try(grant.target.kms_key_arn, null) != null])
    error_message = "a lambda_function grant target takes no kms_key_arn: invoking a function needs no key (pass the lambda-function module's grant_target)."
  }
}

variable "extra_policy_statements" {
  description = "Escape hatch: further statements for the execution role's inline policy, for services the typed grants do not cover. Each sid becomes \"Extra<sid>\". Actions and resources must be specific: \"*\", \"<service>:*\" and a \"*\" resource are refused."
  type = list(object({
    sid       = string
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = !anytrue([for ok in [for s in var.extra_policy_statements : can(regex("^[A-Za-z0-9]{1,58}$", s.sid))] : !ok]) && length(distinct([for s in var.extra_policy_statements : s.sid])) == length(var.extra_policy_statements)
    error_message = "extra_policy_statements sids must be unique, 1-58 letters and digits."
  }

  validation {
    condition     = !anytrue([for ok in [for s in var.extra_policy_statements : contains(["Allow", "Deny"], s.effect) && length(s.actions) > 0 && length(s.resources) > 0] : !ok])
    error_message = "every extra statement needs effect Allow or Deny, at least one action and at least one resource."
  }

  validation {
    # "<service>:<action>" where the action part holds at least one letter: refuses "*", "s3:*",
    # "s3:**" and malformed names, while allowing prefixes such as "s3:GetObject*".
    condition     = !anytrue([for ok in flatten([for s in var.extra_policy_statements : [for action in s.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9*]*[A-Za-z][A-Za-z0-9*]*$", action))]]) : !ok])
    error_message = "extra_policy_statements actions must be \"<service>:<Action>\"; \"*\" and \"<service>:*\" are refused."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for s in var.extra_policy_statements : [for resource in s.resources : can(regex("^arn:[^*]", resource))]]) : !ok])
    error_message = "extra_policy_statements resources must be ARNs; \"*\" is refused."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for s in var.extra_policy_statements : [for c in s.conditions : length(c.values) > 0 && c.test != "" && c.variable != ""]]) : !ok])
    error_message = "every extra statement condition needs a test, a variable and at least one value."
  }
}

# --- Logs and tracing ----------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Retention of the function's log group in days. Required (logs that never expire grow cost and exposure forever) unless existing_log_group_name names a group managed elsewhere, whose retention is its owner's."
  type        = number
  default     = null

  validation {
    condition     = var.log_retention_days == null || contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], coalesce(var.log_retention_days, 0))
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (never-expire is refused)."
  }
}

variable "existing_log_group_name" {
  description = "Name of a log group managed elsewhere (e.g. one group shared by the functions of a service, with its own retention, key and subscriptions) that the function logs to instead of \"/aws/lambda/<name>\". The module then creates no log group, scopes the role's logs permissions to that group, and takes none of log_retention_days, log_group_kms_key_arn or log_group_class. The name must be known at plan time (a literal, a variable or the name attribute of a group in the same plan), since it decides whether the module creates a group."
  type        = string
  default     = null

  validation {
    condition     = var.existing_log_group_name == null || can(regex("^[A-Za-z0-9_./#-]{1,512}$", var.existing_log_group_name))
    error_message = "existing_log_group_name must be a CloudWatch log group name: 1-512 letters, digits and _ . / # -."
  }
}

variable "log_group_kms_key_arn" {
  description = "Customer managed KMS key for the log group, when it should differ from kms_key_arn."
  type        = string
  default     = null

  validation {
    condition     = var.log_group_kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.log_group_kms_key_arn))
    error_message = "log_group_kms_key_arn must be the ARN of a customer managed KMS key."
  }
}

variable "log_group_class" {
  description = "Class of the function's log group: STANDARD, or INFREQUENT_ACCESS (about half the ingestion price; no metric filters, subscription filters or Live Tail) for functions whose logs are read only when something goes wrong."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], var.log_group_class)
    error_message = "log_group_class must be STANDARD or INFREQUENT_ACCESS."
  }
}

variable "application_log_level" {
  description = "Lowest level of the function's own JSON log lines that Lambda keeps (TRACE, DEBUG, INFO, WARN, ERROR, FATAL)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.application_log_level)
    error_message = "application_log_level must be TRACE, DEBUG, INFO, WARN, ERROR or FATAL."
  }
}

variable "system_log_level" {
  description = "Lowest level of the Lambda platform's log lines (DEBUG, INFO, WARN). INFO keeps START/END/REPORT."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be DEBUG, INFO or WARN."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: Active (sample and trace every invocation) or PassThrough (trace only requests an upstream service sampled)."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be Active or PassThrough."
  }
}

# --- Invocation ----------------------------------------------------------------------------------

variable "async_invocation" {
  description = <<-EOT
    Handling of asynchronous invocations (S3, SNS, EventBridge ...); null keeps Lambda's
    defaults. When set, failed events must go somewhere: on_failure_destination_arn (SQS, SNS,
    Lambda or EventBridge bus; receives the event and the error) and/or dead_letter_target_arn
    (SQS or SNS; receives the event only). The module grants the role the send/publish/invoke/put
    action on exactly those ARNs. Applied to the "live" alias when there is one.
  EOT
  type = object({
    on_failure_destination_arn   = optional(string)
    on_success_destination_arn   = optional(string)
    dead_letter_target_arn       = optional(string)
    maximum_retry_attempts       = optional(number, 2)
    maximum_event_age_in_seconds = optional(number, 21600)
  })
  default = null

  validation {
    condition     = var.async_invocation == null || try(var.async_invocation.on_failure_destination_arn != null || var.async_invocation.dead_letter_target_arn != null, false)
    error_message = "async_invocation needs on_failure_destination_arn or dead_letter_target_arn, otherwise events that exhaust their retries are lost."
  }

  validation {
    condition     = var.async_invocation == null || try(var.async_invocation.maximum_retry_attempts >= 0 && var.async_invocation.maximum_retry_attempts <= 2 && floor(var.async_invocation.maximum_retry_attempts) == var.async_invocation.maximum_retry_attempts, false)
    error_message = "async_invocation.maximum_retry_attempts must be 0, 1 or 2."
  }

  validation {
    condition     = var.async_invocation == null || try(var.async_invocation.maximum_event_age_in_seconds >= 60 && var.async_invocation.maximum_event_age_in_seconds <= 21600 && floor(var.async_invocation.maximum_event_age_in_seconds) == var.async_invocation.maximum_event_age_in_seconds, false)
    error_message = "async_invocation.maximum_event_age_in_seconds must be a whole number between 60 and 21600."
  }

  validation {
    condition = var.async_invocation == null || !anytrue([for ok in [
      for arn in try([var.async_invocation.on_failure_destination_arn, var.async_invocation.on_success_destination_arn], []) :
      arn == null || can(regex("^arn:aws[a-zA-Z-]*:(sqs|sns|lambda|events):[a-z0-9-]+:[0-9]{12}:[^*]+$", arn))
    ] : !ok])
    error_message = "async_invocation destinations must be ARNs of an SQS queue, SNS topic, Lambda function or EventBridge event bus (no wildcards)."
  }

  validation {
    condition     = try(var.async_invocation.dead_letter_target_arn, null) == null || can(regex("^arn:aws[a-zA-Z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.async_invocation.dead_letter_target_arn))
    error_message = "async_invocation.dead_letter_target_arn must be an SQS queue or SNS topic ARN."
  }
}

variable "function_url" {
  description = <<-EOT
    An HTTPS endpoint for the function (on the "live" alias when there is one); null creates none.
    authorization_type AWS_IAM (the default) lets only SigV4-signed callers whose policies allow
    lambda:InvokeFunctionUrl in; NONE makes the URL public and is accepted only together with
    public = true, which also adds the resource-based permission that lets anyone invoke it
    through the URL (and nothing else). invoke_mode BUFFERED (6 MB responses) or RESPONSE_STREAM
    (streamed, up to 20 MB). cors: origins must be listed (no "*" with allow_credentials).
  EOT
  type = object({
    authorization_type = optional(string, "AWS_IAM")
    public             = optional(bool, false)
    invoke_mode        = optional(string, "BUFFERED")
    cors = optional(object({
      allow_origins     = list(string)
      allow_methods     = optional(list(string), ["GET"])
      allow_headers     = optional(list(string), [])
      expose_headers    = optional(list(string), [])
      allow_credentials = optional(bool, false)
      max_age           = optional(number, 0)
    }))
  })
  default = null

  validation {
    condition     = var.function_url == null || contains(["AWS_IAM", "NONE"], try(var.function_url.authorization_type, ""))
    error_message = "function_url.authorization_type must be AWS_IAM or NONE."
  }

  validation {
    # Both directions: NONE without public is an accident, public with AWS_IAM a contradiction.
    condition     = var.function_url == null || try((var.function_url.authorization_type == "NONE") == var.function_url.public, false)
    error_message = "function_url.authorization_type = \"NONE\" makes the URL public: it needs public = true, and public = true needs authorization_type = \"NONE\"."
  }

  validation {
    condition     = var.function_url == null || contains(["BUFFERED", "RESPONSE_STREAM"], try(var.function_url.invoke_mode, ""))
    error_message = "function_url.invoke_mode must be BUFFERED or RESPONSE_STREAM."
  }

  validation {
    condition = try(var.function_url.cors, null) == null || try(
      length(var.function_url.cors.allow_origins) > 0 &&
      !anytrue([for origin in var.function_url.cors.allow_origins : !(origin == "*" || can(regex("^https?://[A-Za-z0-9.*-]+(:[0-9]{1,5})?$", origin)))]) &&
      !(var.function_url.cors.allow_credentials && contains(var.function_url.cors.allow_origins, "*")) &&
      !anytrue([for method in var.function_url.cors.allow_methods : !contains(["*", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], method)]) &&
      var.function_url.cors.max_age >= 0 && var.function_url.cors.max_age <= 86400 && floor(var.function_url.cors.max_age) == var.function_url.cors.max_age,
    false)
    error_message = "function_url.cors needs at least one origin (scheme://host[:port], or \"*\" but never together with allow_credentials), methods among GET HEAD POST PUT PATCH DELETE OPTIONS or \"*\", and max_age 0-86400."
  }
}

variable "invoke_permissions" {
  description = <<-EOT
    AWS services allowed to invoke the function (its "live" alias when there is one), keyed by a
    name used as the statement id (letters and digits). Each is scoped to exactly one source:
    service s3 (source_arn: the bucket, and source_account: the bucket owner, since bucket ARNs
    hold no account), sns (the topic) or events (an EventBridge rule). EventBridge Scheduler
    needs none: it invokes with its schedule's role (modules/schedule).
  EOT
  type = map(object({
    service        = string
    source_arn     = string
    source_account = optional(string)
  }))
  default = {}

  validation {
    condition     = !anytrue([for key in keys(var.invoke_permissions) : !can(regex("^[A-Za-z0-9]{1,64}$", key))])
    error_message = "invoke_permissions keys become statement ids: use 1-64 letters and digits only."
  }

  validation {
    condition = !anytrue([for permission in values(var.invoke_permissions) : !can(regex(lookup({
      s3     = "^arn:aws[a-zA-Z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"
      sns    = "^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$"
      events = "^arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:[0-9]{12}:rule/[A-Za-z0-9._/-]{1,128}$"
    }, permission.service, "^$"), permission.source_arn))])
    error_message = "invoke_permissions service must be s3, sns or events, with source_arn the exact bucket, topic or rule ARN of that service (no wildcards)."
  }

  validation {
    # A bucket ARN names no account: without the owner, a bucket of the same name in another
    # account after a deletion could invoke the function.
    condition     = !anytrue([for permission in values(var.invoke_permissions) : permission.service == "s3" ? !can(regex("^[0-9]{12}$", permission.source_account)) : permission.source_account != null])
    error_message = "invoke_permissions: an s3 source needs source_account (the 12-digit bucket owner); sns and events sources take none (their ARNs hold the account)."
  }
}

variable "sqs_event_sources" {
  description = <<-EOT
    SQS queues the function consumes, keyed by a name (letters and digits). The module adds the
    consumer grant (ReceiveMessage, DeleteMessage, GetQueueAttributes on the queue, plus
    kms:Decrypt via SQS on kms_key_arn when the queue is encrypted) and, with
    report_batch_item_failures (default true), retries only the failed messages of a batch.
    maximum_concurrency (2-1000) caps the pollers and must not exceed reserved_concurrency.
    The mapping targets the "live" alias when there is one.
  EOT
  type = map(object({
    queue_arn                          = string
    kms_key_arn                        = optional(string)
    batch_size                         = optional(number, 10)
    maximum_batching_window_in_seconds = optional(number, 0)
    report_batch_item_failures         = optional(bool, true)
    maximum_concurrency                = optional(number)
    enabled                            = optional(bool, true)
    filter_patterns                    = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.sqs_event_sources) : can(regex("^[A-Za-z0-9]{1,40}$", key))] : !ok])
    error_message = "sqs_event_sources keys become statement ids: use 1-40 letters and digits only."
  }

  validation {
    condition     = !anytrue([for ok in [for source in var.sqs_event_sources : can(regex("^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?$", source.queue_arn))] : !ok])
    error_message = "sqs_event_sources queue_arn must be an SQS queue ARN."
  }

  validation {
    condition     = !anytrue([for ok in [for source in var.sqs_event_sources : source.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", source.kms_key_arn))] : !ok])
    error_message = "sqs_event_sources kms_key_arn must be the ARN of the queue's customer managed KMS key."
  }

  validation {
    condition = !anytrue([for ok in [for source in var.sqs_event_sources :
      source.batch_size >= 1 && source.batch_size <= 10000 && floor(source.batch_size) == source.batch_size &&
      source.maximum_batching_window_in_seconds >= 0 && source.maximum_batching_window_in_seconds <= 300 &&
      floor(source.maximum_batching_window_in_seconds) == source.maximum_batching_window_in_seconds
    ] : !ok])
    error_message = "sqs_event_sources batch_size must be 1-10000 and maximum_batching_window_in_seconds 0-300 (whole numbers)."
  }

  validation {
    condition     = !anytrue([for ok in [for source in var.sqs_event_sources : source.batch_size <= 10 || source.maximum_batching_window_in_seconds >= 1] : !ok])
    error_message = "sqs_event_sources with batch_size above 10 need maximum_batching_window_in_seconds >= 1 (an SQS rule)."
  }

  validation {
    condition = !anytrue([for ok in [for source in var.sqs_event_sources :
      !endswith(source.queue_arn, ".fifo") || (source.batch_size <= 10 && source.maximum_batching_window_in_seconds == 0)
    ] : !ok])
    error_message = "FIFO sqs_event_sources take batch_size <= 10 and no batching window."
  }

  validation {
    condition     = !anytrue([for ok in [for source in var.sqs_event_sources : source.maximum_concurrency == null || try(source.maximum_concurrency >= 2 && source.maximum_concurrency <= 1000 && floor(source.maximum_concurrency) == source.maximum_concurrency, false)] : !ok])
    error_message = "sqs_event_sources maximum_concurrency must be a whole number between 2 and 1000, or null."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for source in var.sqs_event_sources : [for pattern in source.filter_patterns : can(jsondecode(pattern))]]) : !ok])
    error_message = "sqs_event_sources filter_patterns must be JSON documents."
  }
}

variable "stream_event_sources" {
  description = <<-EOT
    DynamoDB streams and Kinesis data streams the function consumes, keyed by a name (letters and
    digits). source is a dynamodb-table module's grant_target (its table must have a stream:
    stream_view_type set) or { type = "kinesis_stream", arn = <stream ARN>, kms_key_arn = <its
    key> }. A failed batch blocks its shard until it succeeds or expires, so every source must say
    where expired records go and when they expire: on_failure_destination (an sqs-queue or
    sns-topic grant_target, or { type = "sqs_queue" | "sns_topic", arn, kms_key_arn }) receives
    the metadata of records that exhausted maximum_retry_attempts (0-10000) or outlived
    maximum_record_age_in_seconds (60-604800); "forever" (-1) is refused. By default a failing
    batch is split in two and retried (bisect_batch_on_function_error) and the handler reports the
    failed records (report_batch_item_failures), so one bad record does not replay the batch.
    The module grants the role the read actions on the stream, the send/publish on the
    destination, and each key through its service only (kms:ViaService). The mapping targets the
    "live" alias when there is one; its lag is alarmed by iterator-age.
  EOT
  type = map(object({
    source = object({
      type        = string
      arn         = string
      kms_key_arn = optional(string)
      stream_arn  = optional(string)
    })
    on_failure_destination = object({
      type        = string
      arn         = string
      kms_key_arn = optional(string)
      stream_arn  = optional(string)
    })
    starting_position                  = optional(string, "LATEST")
    batch_size                         = optional(number, 100)
    maximum_batching_window_in_seconds = optional(number, 0)
    parallelization_factor             = optional(number, 1)
    maximum_retry_attempts             = optional(number, 10)
    maximum_record_age_in_seconds      = optional(number, 3600)
    bisect_batch_on_function_error     = optional(bool, true)
    report_batch_item_failures         = optional(bool, true)
    enabled                            = optional(bool, true)
    filter_patterns                    = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = !anytrue([for ok in [for key in keys(var.stream_event_sources) : can(regex("^[A-Za-z0-9]{1,40}$", key))] : !ok])
    error_message = "stream_event_sources keys become statement ids: use 1-40 letters and digits only."
  }

  validation {
    condition     = !anytrue([for ok in [for source in var.stream_event_sources : contains(["dynamodb_table", "kinesis_stream"], source.source.type)] : !ok])
    error_message = "stream_event_sources source.type must be dynamodb_table (a dynamodb-table module's grant_target) or kinesis_stream."
  }

  validation {
    # The kind decides, not whether the stream ARN is known: a new table's stream ARN is only
    # known after apply, but a table without a stream has a known null.
    condition     = !anytrue([for source in values(var.stream_event_sources) : source.source.type == "dynamodb_table" && source.source.stream_arn == null])
    error_message = "stream_event_sources: a dynamodb_table source needs a table with a stream (set stream_view_type on the dynamodb-table module)."
  }

  validation {
    condition = !anytrue([for ok in flatten([for source in var.stream_event_sources : [
      can(regex(lookup({
        dynamodb_table = "^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$"
        kinesis_stream = "^arn:aws[a-zA-Z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]{1,128}$"
      }, source.source.type, "^$"), source.source.arn)) || !contains(["dynamodb_table", "kinesis_stream"], source.source.type), # an unknown type is the type rule's message
      source.source.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", source.source.kms_key_arn)),
      source.source.stream_arn == null || can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/stream/[^*]+$", source.source.stream_arn)),
    ]]) : !ok])
    error_message = "stream_event_sources source arn must be the table ARN (dynamodb_table) or a Kinesis stream ARN (kinesis_stream), its kms_key_arn a key ARN and its stream_arn a table stream ARN; wildcards and aliases are not accepted."
  }

  validation {
    condition = !anytrue([for ok in flatten([for source in var.stream_event_sources : [
      contains(["sqs_queue", "sns_topic"], source.on_failure_destination.type),
      can(regex(lookup({
        sqs_queue = "^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$"
        sns_topic = "^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$"
      }, source.on_failure_destination.type, "^$"), source.on_failure_destination.arn)),
      source.on_failure_destination.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", source.on_failure_destination.kms_key_arn)),
    ]]) : !ok])
    error_message = "stream_event_sources on_failure_destination must be a standard SQS queue (type sqs_queue) or SNS topic (type sns_topic) with its full ARN, e.g. an sqs-queue or sns-topic module's grant_target (FIFO destinations are not supported by Lambda)."
  }

  validation {
    condition     = !anytrue([for ok in [for source in var.stream_event_sources : contains(["LATEST", "TRIM_HORIZON"], source.starting_position)] : !ok])
    error_message = "stream_event_sources starting_position must be LATEST or TRIM_HORIZON."
  }

  validation {
    condition = !anytrue([for ok in [for source in var.stream_event_sources :
      source.batch_size >= 1 && source.batch_size <= 10000 && floor(source.batch_size) == source.batch_size &&
      source.maximum_batching_window_in_seconds >= 0 && source.maximum_batching_window_in_seconds <= 300 &&
      floor(source.maximum_batching_window_in_seconds) == source.maximum_batching_window_in_seconds &&
      source.parallelization_factor >= 1 && source.parallelization_factor <= 10 && floor(source.parallelization_factor) == source.parallelization_factor
    ] : !ok])
    error_message = "stream_event_sources batch_size must be 1-10000, maximum_batching_window_in_seconds 0-300 and parallelization_factor 1-10 (whole numbers)."
  }

  validation {
    condition = !anytrue([for ok in [for source in var.stream_event_sources :
      source.maximum_retry_attempts >= 0 && source.maximum_retry_attempts <= 10000 && floor(source.maximum_retry_attempts) == source.maximum_retry_attempts &&
      source.maximum_record_age_in_seconds >= 60 && source.maximum_record_age_in_seconds <= 604800 && floor(source.maximum_record_age_in_seconds) == source.maximum_record_age_in_seconds
    ] : !ok])
    error_message = "stream_event_sources need finite retries and record age: maximum_retry_attempts 0-10000 and maximum_record_age_in_seconds 60-604800 (-1, retry forever, blocks the shard and is refused)."
  }

  validation {
    condition     = !anytrue([for ok in flatten([for source in var.stream_event_sources : [for pattern in source.filter_patterns : can(jsondecode(pattern))]]) : !ok])
    error_message = "stream_event_sources filter_patterns must be JSON documents."
  }
}

variable "iterator_age_alarm_threshold_ms" {
  description = "With stream_event_sources, the iterator-age alarm fires when the age of the newest record a mapping read reaches this many milliseconds: the function is falling behind its stream."
  type        = number
  default     = 60000

  validation {
    condition     = var.iterator_age_alarm_threshold_ms >= 1000 && floor(var.iterator_age_alarm_threshold_ms) == var.iterator_age_alarm_threshold_ms
    error_message = "iterator_age_alarm_threshold_ms must be a whole number of milliseconds >= 1000."
  }
}

# --- Alarms --------------------------------------------------------------------------------------

variable "alarms_enabled" {
  description = "Create the CloudWatch alarms (errors, throttles, p99 duration, concurrency near the reserved cap). Switching them off must be explicit."
  type        = bool
  default     = true
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN the alarms notify (alarm and OK). Required while alarms_enabled is true."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be the ARN of a standard SNS topic (arn:<partition>:sns:<region>:<account>:<name>); CloudWatch alarms cannot notify FIFO topics."
  }
}

variable "errors_alarm_threshold" {
  description = "The errors alarm (also the CodeDeploy rollback trigger) fires when a minute has at least this many failed invocations."
  type        = number
  default     = 1

  validation {
    condition     = var.errors_alarm_threshold >= 1 && floor(var.errors_alarm_threshold) == var.errors_alarm_threshold
    error_message = "errors_alarm_threshold must be a whole number >= 1."
  }
}

variable "duration_alarm_threshold_ms" {
  description = "The duration alarm fires when the p99 duration of a 5-minute window reaches this many milliseconds; null means 80% of timeout."
  type        = number
  default     = null

  validation {
    condition     = var.duration_alarm_threshold_ms == null || try(var.duration_alarm_threshold_ms >= 1 && var.duration_alarm_threshold_ms <= 900000, false)
    error_message = "duration_alarm_threshold_ms must be between 1 and 900000 (the Lambda maximum), or null."
  }
}

variable "concurrency_alarm_percent" {
  description = "The concurrency alarm fires when concurrent executions reach this percentage of reserved_concurrency (the point where throttling is near)."
  type        = number
  default     = 80

  validation {
    condition     = var.concurrency_alarm_percent >= 1 && var.concurrency_alarm_percent <= 100
    error_message = "concurrency_alarm_percent must be between 1 and 100."
  }
}

variable "tags" {
  description = "Tags merged onto every taggable resource."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for key, value in var.tags : length(key) < 1 || length(key) > 128 || startswith(lower(key), "aws:") || length(value) > 256])
    error_message = "tags keys must be 1-128 characters and not start with \"aws:\" (reserved by AWS); values at most 256 characters."
  }
}
