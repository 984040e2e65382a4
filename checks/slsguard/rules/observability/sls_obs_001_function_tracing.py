from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-OBS-001",
    title="Functions trace with X-Ray",
    severity="low",
    rationale="Active tracing shows where time and errors go across API, queue, function and table.",
    remediation='Set tracing_config { mode = "Active" } (the role needs xray:PutTraceSegments).',
    references=("Security Hub Lambda.7", "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html"),
    types=("aws_lambda_function",),
)


def evaluate(ctx):
    for function in ctx.model.of_type("aws_lambda_function"):
        mode = function.block("tracing_config").get("mode")
        # Unset, the provider computes the block at apply (PassThrough): unknown only when written.
        if mode is None and function.block_unknown("tracing_config", "mode") \
                and ctx.values.configured(function, "tracing_config", "mode") is not False:
            yield ctx.finding(function, f"{ctx.values.describe_missing(function, 'tracing_config', 'mode')}, so "
                                        "whether it traces with X-Ray cannot be judged.")
        elif mode != "Active":
            yield ctx.finding(function, "does not trace with X-Ray (tracing_config.mode is not Active).")
