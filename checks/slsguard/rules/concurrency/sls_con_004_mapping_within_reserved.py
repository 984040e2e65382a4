from slsguard.gate.rule import Rule
from slsguard.rules._shared import reserved

RULE = Rule(
    id="SLS-CON-004",
    title="An SQS event source mapping's maximum concurrency does not exceed the function's reservation",
    severity="medium",
    rationale="Above the reservation, Lambda throttles the poller's invocations and messages return to "
              "the queue, inflating receive counts until they land in the DLQ.",
    remediation="Set scaling_config.maximum_concurrency <= reserved_concurrent_executions.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html",),
    types=("aws_lambda_event_source_mapping",),
    engine_note="compares the mapping's maximum concurrency with the function it invokes",
)


def evaluate(ctx):
    for mapping, queues, functions in ctx.facts.event_source_mappings:
        maximum = mapping.block("scaling_config").get("maximum_concurrency")
        if not isinstance(maximum, int):
            continue
        for function in functions:
            limit = reserved(function)
            if limit is not None and limit >= 1 and maximum > limit:
                yield ctx.finding(mapping, f"scaling_config.maximum_concurrency is {maximum} but {function.address} "
                                           f"reserves only {limit}.")
