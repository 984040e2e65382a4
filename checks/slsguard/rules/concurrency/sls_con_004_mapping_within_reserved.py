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
    for mapping, _, functions in ctx.facts.event_source_mappings:
        maximum = ctx.values.attribute(mapping, "scaling_config", "maximum_concurrency")
        if maximum is None:
            continue  # the mapping does not bound its invocations
        if functions.untraced:
            yield ctx.finding(mapping, f"function_name cannot be traced to a function ({functions.untraced}), so "
                              "scaling_config.maximum_concurrency cannot be compared with its reserved concurrency.")
            continue
        limits = [(function, limit) for function in functions if (limit := reserved(function)) is not None and limit >= 1]
        if limits and not isinstance(maximum, int):
            yield ctx.finding(mapping, f"{ctx.values.describe_missing(mapping, 'scaling_config', 'maximum_concurrency')}, "
                              f"so it cannot be compared with the {limits[0][1]} executions {limits[0][0].address} reserves.")
        elif limits:
            for function, limit in limits:
                if maximum > limit:
                    yield ctx.finding(mapping, f"scaling_config.maximum_concurrency is {maximum} but {function.address} "
                                               f"reserves only {limit}.")
