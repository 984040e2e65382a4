from slsguard.gate.engine import Rule

RULE = Rule(
    id="SLS-DAT-002",
    title="A consumed queue's visibility timeout is at least 6x the consuming function's timeout",
    severity="medium",
    rationale="A shorter visibility timeout makes a message visible again while the function still "
              "processes it (and while Lambda retries throttled batches): duplicates and early DLQ moves.",
    remediation="Set visibility_timeout_seconds >= 6 x the function timeout (AWS guidance).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",),
)


def evaluate(ctx):
    factor = ctx.config["visibility_timeout_multiplier"]
    for queue in ctx.model.of_type("aws_sqs_queue"):
        visibility = queue.values.get("visibility_timeout_seconds", 30)
        for mapping, functions in ctx.facts.consumers_by_queue.get(queue.address, []):
            for function in functions:
                timeout = function.values.get("timeout", 3)
                if not isinstance(visibility, int) or not isinstance(timeout, int):
                    yield ctx.finding(queue, "visibility or function timeout is unknown at plan time.")
                elif visibility < factor * timeout:
                    yield ctx.finding(queue, f"visibility_timeout_seconds is {visibility} but {function.address} "
                                             f"times out after {timeout} s; it must be >= {factor * timeout}.")
