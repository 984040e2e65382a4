from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-OBS-003",
    title="Every function has alarms on Errors and Throttles",
    severity="medium",
    rationale="Errors and throttles are the two ways a function silently stops doing its work.",
    remediation="Add aws_cloudwatch_metric_alarm resources on AWS/Lambda Errors and Throttles with "
                "dimensions { FunctionName = aws_lambda_function.x.function_name }.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html",),
    types=("aws_lambda_function",),
    engine_note='an aggregate, alarms on Errors and Throttles must exist for every function',
)


def evaluate(ctx):
    for function in ctx.model.of_type("aws_lambda_function"):
        missing = [metric for metric in ("Errors", "Throttles")
                   if not ctx.facts.has_alarm(metric, "FunctionName", function, ("aws_lambda_function",))]
        if missing:
            yield ctx.finding(function, f"has no alarm on {' and '.join(missing)}.")
