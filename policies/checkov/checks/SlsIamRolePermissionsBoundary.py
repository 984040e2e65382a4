"""CKV_SLS_1: every IAM role has a permissions boundary (least privilege).

A boundary caps what the role can ever be granted, whatever policies are attached to it later.
Any literal ARN or reference (to an ``aws_iam_policy``, a variable, a data source) counts as set:
the boundary's own content is judged by the slsguard gate, which follows the reference.
"""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, single


class SlsIamRolePermissionsBoundary(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every IAM role has a permissions boundary",
            id="CKV_SLS_1",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_iam_role"],
        )

    def scan_resource_conf(self, conf):
        if single(conf, "permissions_boundary") is MISSING:
            self.details.append("permissions_boundary is not set")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self):
        return ["permissions_boundary"]


check = SlsIamRolePermissionsBoundary()
