"""CKV_SLS_8: an SQS event source mapping reports batch item failures.

Without ``ReportBatchItemFailures`` one bad message makes Lambda retry the whole batch: messages
that were processed are processed again, and the batch keeps failing until the bad message reaches
the dead-letter queue with its innocent neighbours. A mapping whose source is known not to be a
queue (a stream or Kafka ARN) is not judged; one whose source cannot be resolved is judged as a
queue (the setting is valid, and advisable, for streams too).
"""

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from sls_values import MISSING, as_reference, single

REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures"


def _flatten(value):
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _source_is_not_a_queue(source) -> bool:
    if source is MISSING:
        return True  # self-managed Kafka: no event_source_arn
    if not isinstance(source, str):
        return False
    reference = as_reference(source)
    if reference is None:
        return ":sqs:" not in source
    return reference.kind in ("resource", "data") and reference.target_type != "aws_sqs_queue"


class SlsSqsEventSourceMappingReportsBatchItemFailures(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Every SQS event source mapping reports batch item failures",
            id="CKV_SLS_8",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=["aws_lambda_event_source_mapping"],
        )

    def scan_resource_conf(self, conf):
        if _source_is_not_a_queue(single(conf, "event_source_arn")):
            return CheckResult.UNKNOWN
        response_types = set(_flatten(conf.get("function_response_types", [])))
        if REPORT_BATCH_ITEM_FAILURES not in response_types:
            self.details.append(f"function_response_types does not contain {REPORT_BATCH_ITEM_FAILURES}")
            return CheckResult.FAILED
        return CheckResult.PASSED

    def get_evaluated_keys(self):
        return ["function_response_types", "event_source_arn"]


check = SlsSqsEventSourceMappingReportsBatchItemFailures()
