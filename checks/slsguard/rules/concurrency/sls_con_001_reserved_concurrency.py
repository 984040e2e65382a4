from slsguard.gate.rule import Rule
from slsguard.rules._shared import reserved

RULE = Rule(
    id="SLS-CON-001",
    title="Every function reserves at least 1 concurrent execution",
    severity="high",
    rationale="Without reserved concurrency (-1) one function can take the whole account pool and "
              "throttle every other function; 0 throttles the function itself.",
    remediation="Set reserved_concurrent_executions to the function's expected peak (>= 1).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",),
    types=("aws_lambda_function",),
)


def evaluate(ctx):
    for function in ctx.model.of_type("aws_lambda_function"):
        value = reserved(function)
        if value is None and function.is_unknown("reserved_concurrent_executions"):
            yield ctx.finding(function, f"{ctx.values.describe_missing(function, 'reserved_concurrent_executions')} "
                                        "and cannot be judged.")
        elif value is None or value < 1:
            shown = "unset (-1, unbounded)" if value in (None, -1) else f"{value} (throttles every invocation)" \
                if value == 0 else str(value)
            yield ctx.finding(function, f"reserved_concurrent_executions is {shown}; it must be >= 1.")
