# A container image function inside a VPC, logging to its service's shared log group: the image
# comes from an ECR repository by digest, the function sits in two private subnets with a
# security group that only reaches HTTPS inside the VPC (VPC endpoints), and the module adds the
# network-interface permissions to the role, scoped to these subnets and this group.

provider "aws" {
  region = var.region

  # The tags the gate requires on every resource (SLS-TAG-001).
  default_tags {
    tags = { owner = "platform", environment = "example", service = "lambda-function-vpc-image" }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
  # Two Availability Zones, so the function keeps running when one fails.
  private_subnets = { a = "10.20.1.0/24", b = "10.20.2.0/24" }
}

resource "aws_kms_key" "workload" {
  description             = "${var.name}: environment, logs, images and alarm topic"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # CloudWatch Logs encrypts this account's log groups only.
        Sid       = "LogsEncryptThisAccountsGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${var.region}:${local.account_id}:log-group:*" }
        }
      },
      {
        # Alarm notifications to the encrypted topic.
        Sid       = "CloudWatchPublishesForThisAccount"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

# Stand-in for the organisation's permissions boundary (its own module is elsewhere).
resource "aws_iam_policy" "boundary" {
  name        = "${var.name}-boundary"
  description = "Permissions boundary of the ${var.name} example's roles."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WorkloadServices"
        Effect = "Allow"
        Action = [
          "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
          "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
        ]
        Resource = "*"
      },
      {
        Sid      = "NeverIdentityAdministration"
        Effect   = "Deny"
        Action   = ["iam:*", "organizations:*", "account:*"]
        Resource = "*"
      },
    ]
  })
}

module "alarm_topic" {
  source = "../../../sns-topic"

  name        = "${var.name}-alarms"
  kms_key_arn = aws_kms_key.workload.arn

  publishers = {
    cloudwatchAlarms = {
      service         = "cloudwatch.amazonaws.com"
      source_accounts = [data.aws_caller_identity.current.account_id]
    }
  }
}

# The image repository: tags cannot be moved to other code, images are scanned when pushed and
# encrypted with the customer key.
resource "aws_ecr_repository" "function" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.workload.arn
  }
}

resource "aws_vpc" "this" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true # interface endpoints answer the services' public names
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value
  availability_zone = "${var.region}${each.key}"
}

# Outbound HTTPS inside the VPC only (to the interface endpoints of the AWS APIs the function
# calls); nothing may connect to the function's interfaces.
resource "aws_security_group" "function" {
  name        = "${var.name}-function"
  description = "Network interfaces of the ${var.name} function."
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_egress_rule" "function_https" {
  security_group_id = aws_security_group.function.id
  description       = "HTTPS to VPC endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.this.cidr_block
}

# The service's log group, shared by its functions and managed here (retention, key), not by the
# function module.
resource "aws_cloudwatch_log_group" "service" {
  name              = "/${var.name}/functions"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.workload.arn
}

module "function" {
  source = "../../"

  name        = var.name
  description = "Renders order documents from a container image, inside the VPC."
  package = {
    image_uri    = "${aws_ecr_repository.function.repository_url}@${var.image_digest}"
    image_config = { command = ["app.handler"] }
  }
  architecture = "x86_64"
  timeout      = 30
  memory_size  = 1024

  kms_key_arn              = aws_kms_key.workload.arn
  permissions_boundary_arn = aws_iam_policy.boundary.arn
  reserved_concurrency     = 5

  vpc = {
    subnet_ids         = [for subnet in aws_subnet.private : subnet.id]
    security_group_ids = [aws_security_group.function.id]
  }

  existing_log_group_name = aws_cloudwatch_log_group.service.name
  alarm_topic_arn         = module.alarm_topic.topic_arn

  tags = { example = "lambda-function-vpc-image" }
}
