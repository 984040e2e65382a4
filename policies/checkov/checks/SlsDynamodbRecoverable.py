"""CKV_SLS_7: every DynamoDB table has point-in-time recovery and deletion protection (no data lost).

PITR restores a table to any second of the last 35 days after a bad write; deletion protection
stops a table (and everything in it) from being deleted by a mistaken plan or console click.
Checkov's CKV_AWS_28 covers only the first half.
"""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, as_bool, block, single, unjudged


class SlsDynamodbRecoverable(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every DynamoDB table has point-in-time recovery and deletion protection",
            id="CKV_SLS_7",
            categories=[CheckCategories.BACKUP_AND_RECOVERY],
            supported_resources=["aws_dynamodb_table"],
        )

    def scan_resource_conf(self, conf):
        pitr = block(conf, "point_in_time_recovery")
        settings = {
            "point_in_time_recovery.enabled": single(pitr, "enabled") if pitr else MISSING,
            "deletion_protection_enabled": single(conf, "deletion_protection_enabled"),
        }
        for key, value in settings.items():
            if value is MISSING:
                self.details.append(f"{key} is not set (off)")
            elif as_bool(value) is None:
                self.details.append(unjudged(key, value))
            elif not as_bool(value):
                self.details.append(f"{key} is false")
        return CheckResult.FAILED if self.details else CheckResult.PASSED

    def get_evaluated_keys(self):
        return ["point_in_time_recovery/[0]/enabled", "deletion_protection_enabled"]


check = SlsDynamodbRecoverable()
