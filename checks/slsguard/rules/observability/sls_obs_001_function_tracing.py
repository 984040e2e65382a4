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
        if function.block("tracing_config").get("mode") != "Active":
            yield ctx.finding(function, "does not trace with X-Ray (tracing_config.mode is not Active).")
