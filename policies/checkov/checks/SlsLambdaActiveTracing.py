"""CKV_SLS_9: every Lambda function traces with X-Ray in Active mode.

``PassThrough`` (what Checkov's CKV_AWS_50 also accepts, and the service default) only traces
requests that arrive already sampled, so functions triggered by SQS, EventBridge or schedules are
never traced.
"""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, as_reference, block, single, unjudged

ACTIVE = "Active"


class SlsLambdaActiveTracing(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every Lambda function traces with X-Ray (tracing_config mode Active)",
            id="CKV_SLS_9",
            categories=[CheckCategories.LOGGING],
            supported_resources=["aws_lambda_function"],
        )

    def scan_resource_conf(self, conf):
        tracing = block(conf, "tracing_config")
        mode = single(tracing, "mode") if tracing else MISSING
        if mode == ACTIVE:
            return CheckResult.PASSED
        if mode is MISSING:
            self.details.append("tracing_config is not set (PassThrough)")
        elif as_reference(mode) is not None:
            self.details.append(unjudged("tracing_config.mode", mode))
        else:
            self.details.append(f"tracing_config.mode is {mode!r}")
        return CheckResult.FAILED

    def get_evaluated_keys(self):
        return ["tracing_config/[0]/mode"]


check = SlsLambdaActiveTracing()
