"""CKV_SLS_2: every Lambda function reserves concurrency >= 1.

``-1`` (the provider's default) means unreserved: one function can starve every other function of
the account's concurrency. ``0`` throttles every invocation. Checkov's CKV_AWS_115 accepts ``0``
and, in the plan, ``-1``; this check rejects both, and a missing value.
"""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, as_int, single, unjudged

MINIMUM_RESERVED = 1


class SlsLambdaReservedConcurrency(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every Lambda function has reserved_concurrent_executions >= 1",
            id="CKV_SLS_2",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=["aws_lambda_function"],
        )

    def scan_resource_conf(self, conf):
        value = single(conf, "reserved_concurrent_executions")
        if value is MISSING:
            self.details.append("reserved_concurrent_executions is not set (unreserved, -1)")
            return CheckResult.FAILED
        reserved = as_int(value)
        if reserved is None:
            self.details.append(unjudged("reserved_concurrent_executions", value))
            return CheckResult.FAILED
        if reserved < MINIMUM_RESERVED:
            meaning = "unreserved" if reserved < 0 else "every invocation throttled"
            self.details.append(f"reserved_concurrent_executions is {reserved} ({meaning})")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self):
        return ["reserved_concurrent_executions"]


check = SlsLambdaReservedConcurrency()
