"""CKV_SLS_3: every SQS queue is encrypted with a customer-managed KMS key.

SQS-managed SSE (``sqs_managed_sse_enabled``) and the AWS-managed key ``alias/aws/sqs`` cannot be
scoped by a key policy, audited per consumer or revoked, so neither is enough; a queue with no key
at all fails too (Checkov's CKV2_AWS_73 passes it). A reference to an ``aws_kms_key`` or
``aws_kms_alias`` of the configuration is a customer key; a literal key id, key ARN or alias is one
unless it is an ``alias/aws/...`` AWS-managed alias.
"""

import re

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, as_reference, single, unjudged

# AWS-managed aliases live under alias/aws/ (customers cannot create aliases there), as a bare
# alias or inside an alias ARN.
_AWS_MANAGED_ALIAS = re.compile(r"(^|:)alias/aws/")


class SlsSqsCustomerManagedKey(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every SQS queue is encrypted with a customer-managed KMS key",
            id="CKV_SLS_3",
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["aws_sqs_queue"],
        )

    def scan_resource_conf(self, conf):
        value = single(conf, "kms_master_key_id")
        if value is MISSING:
            self.details.append("kms_master_key_id is not set (no encryption or SQS-managed SSE only)")
            return CheckResult.FAILED
        if not isinstance(value, str):
            self.details.append(unjudged("kms_master_key_id", value))
            return CheckResult.FAILED
        if _AWS_MANAGED_ALIAS.search(value):
            self.details.append(f"kms_master_key_id {value!r} is an AWS-managed key")
            return CheckResult.FAILED
        reference = as_reference(value)
        if reference is None or reference.is_managed("aws_kms_key", "aws_kms_alias"):
            return CheckResult.PASSED
        self.details.append(unjudged("kms_master_key_id", value))
        return CheckResult.FAILED

    def get_evaluated_keys(self):
        return ["kms_master_key_id", "sqs_managed_sse_enabled"]


check = SlsSqsCustomerManagedKey()
