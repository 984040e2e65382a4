from slsguard.gate.rule import Rule
from slsguard.gate.values import has_pending

RULE = Rule(
    id="SLS-DAT-004",
    title="SQS event source mappings report batch item failures",
    severity="medium",
    rationale="Without ReportBatchItemFailures one failed message makes the whole batch return to the "
              "queue: successes are reprocessed and good messages reach the DLQ.",
    remediation='Set function_response_types = ["ReportBatchItemFailures"] and return batchItemFailures.',
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html",),
    types=("aws_lambda_event_source_mapping",),
)


def evaluate(ctx):
    for mapping, queues, functions in ctx.facts.event_source_mappings:
        source = mapping.values.get("event_source_arn")
        is_sqs = bool(queues) or (isinstance(source, str) and ":sqs:" in source)
        if not is_sqs:
            continue
        types = ctx.values.attribute(mapping, "function_response_types")
        if has_pending(types):
            yield ctx.finding(mapping, f"{ctx.values.describe_missing(mapping, 'function_response_types')}, so "
                                       "reporting batch item failures cannot be judged.")
        elif "ReportBatchItemFailures" not in (types or []):
            yield ctx.finding(mapping, "does not set function_response_types = [\"ReportBatchItemFailures\"].")
