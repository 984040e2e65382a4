"""CKV_SLS_5: every CloudWatch log group has a finite retention.

``retention_in_days = 0`` and a missing value both mean "never expire": logs (and their cost) grow
forever. Checkov's CKV_AWS_66 accepts ``0``; this check requires a number of days >= 1.
"""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, as_int, single, unjudged


class SlsLogGroupFiniteRetention(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every CloudWatch log group has a finite retention",
            id="CKV_SLS_5",
            categories=[CheckCategories.LOGGING],
            supported_resources=["aws_cloudwatch_log_group"],
        )

    def scan_resource_conf(self, conf):
        value = single(conf, "retention_in_days")
        if value is MISSING:
            self.details.append("retention_in_days is not set (logs never expire)")
            return CheckResult.FAILED
        days = as_int(value)
        if days is None:
            self.details.append(unjudged("retention_in_days", value))
            return CheckResult.FAILED
        if days < 1:
            self.details.append(f"retention_in_days is {days} (logs never expire)")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self):
        return ["retention_in_days"]


check = SlsLogGroupFiniteRetention()
