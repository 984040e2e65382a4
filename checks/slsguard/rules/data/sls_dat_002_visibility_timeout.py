from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-DAT-002",
    title="A consumed queue's visibility timeout is at least 6x the consuming function's timeout",
    severity="medium",
    rationale="A shorter visibility timeout makes a message visible again while the function still "
              "processes it (and while Lambda retries throttled batches): duplicates and early DLQ moves.",
    remediation="Set visibility_timeout_seconds >= 6 x the function timeout (AWS guidance).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",),
    types=("aws_sqs_queue", "aws_lambda_event_source_mapping"),
    engine_note="compares the queue's visibility timeout with the consuming function's timeout",
)


DEFAULT_VISIBILITY, DEFAULT_TIMEOUT = 30, 3  # the AWS defaults when the attribute is not set


def evaluate(ctx):
    factor = ctx.config["visibility_timeout_multiplier"]
    for mapping, queues, functions in ctx.facts.event_source_mappings:
        if queues and functions.untraced:
            yield ctx.finding(mapping, f"consumes {', '.join(q.address for q in queues)} but function_name cannot "
                                       f"be traced to a function ({functions.untraced}), so the visibility "
                                       "timeout cannot be compared with its timeout.")
    for queue in ctx.model.of_type("aws_sqs_queue"):
        visibility = ctx.values.attribute(queue, "visibility_timeout_seconds")
        for mapping, functions in ctx.facts.consumers_by_queue.get(queue.address, []):
            for function in functions:
                timeout = ctx.values.attribute(function, "timeout")
                timeout = DEFAULT_TIMEOUT if timeout is None else timeout
                shown = visibility if visibility is not None else DEFAULT_VISIBILITY
                if not isinstance(shown, int):
                    yield ctx.finding(queue, f"{ctx.values.describe_missing(queue, 'visibility_timeout_seconds')}, "
                                             f"so it cannot be compared with the timeout of {function.address}.")
                elif not isinstance(timeout, int):
                    yield ctx.finding(queue, f"the timeout of its consumer {function.address} is unknown at plan "
                                             f"time ({ctx.values.describe_missing(function, 'timeout')}).")
                elif (visibility := shown) < factor * timeout:
                    yield ctx.finding(queue, f"visibility_timeout_seconds is {visibility} but {function.address} "
                                             f"times out after {timeout} s; it must be >= {factor * timeout}.")
