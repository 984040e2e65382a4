data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "kms" }
data "aws_caller_identity" "current" {}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"
  region       = data.aws_service.current.region

  # Management without cryptography: administrators can change, disable or delete the key but
  # cannot read data protected by it. Explicit actions (no "kms:Create*"-style wildcards) so that a
  # new KMS action never reaches administrators unreviewed.
  administrator_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]

  user_actions = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
  ]

  # Services that write into queues and topics encrypted with this key need a data key for the
  # message (GenerateDataKey*) and Decrypt to reuse it; statement id suffix -> service principal.
  delivery_services = {
    EventBridge      = { enabled = var.allow_eventbridge, principal = "events.amazonaws.com" }
    SNS              = { enabled = var.allow_sns, principal = "sns.amazonaws.com" }
    CloudWatchAlarms = { enabled = var.allow_cloudwatch_alarms, principal = "cloudwatch.amazonaws.com" }
    Budgets          = { enabled = var.allow_budgets, principal = "budgets.amazonaws.com" }
  }
  enabled_delivery_services = { for sid, service in local.delivery_services : sid => service.principal if service.enabled }
}

data "aws_iam_policy_document" "key_policy" {
  # The account root keeps full access, as in the AWS default key policy: without it a mistake in
  # the persona lists could leave a key nobody can manage (only AWS support can recover it). It
  # also lets IAM policies of this account grant access to the key.
  statement {
    sid       = "AccountRoot"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  dynamic "statement" {
    for_each = length(var.administrators) > 0 ? [var.administrators] : []
    content {
      sid       = "KeyAdministrators"
      effect    = "Allow"
      actions   = local.administrator_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.users) > 0 ? [var.users] : []
    content {
      sid       = "KeyUsers"
      effect    = "Allow"
      actions   = local.user_actions
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }

  dynamic "statement" {
    for_each = var.service_principals
    content {
      sid       = "Service${statement.key}"
      effect    = "Allow"
      actions   = local.user_actions
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = [statement.value.service]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = statement.value.via_services
      }
    }
  }

  dynamic "statement" {
    for_each = var.allow_cloudwatch_logs ? ["logs"] : []
    content {
      sid       = "CloudWatchLogs"
      effect    = "Allow"
      actions   = ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["logs.${local.region}.amazonaws.com"]
      }

      # Only log groups of this account and region: CloudWatch Logs passes the log group ARN as
      # encryption context, so the key cannot encrypt anyone else's logs.
      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:${data.aws_partition.current.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.enabled_delivery_services
    content {
      sid       = "Delivery${statement.key}"
      effect    = "Allow"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = [statement.value]
      }

      # Confused-deputy guard: the service may use the key only for this account's resources.
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description              = coalesce(var.description, "Customer managed key ${var.name}")
  key_usage                = "ENCRYPT_DECRYPT"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  multi_region             = false
  is_enabled               = true
  enable_key_rotation      = var.enable_key_rotation
  rotation_period_in_days  = var.enable_key_rotation ? var.rotation_period_in_days : null
  deletion_window_in_days  = var.deletion_window_in_days
  policy                   = data.aws_iam_policy_document.key_policy.json

  # Never skip KMS's check that the caller keeps the right to change the policy afterwards.
  bypass_policy_lockout_safety_check = false

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}
