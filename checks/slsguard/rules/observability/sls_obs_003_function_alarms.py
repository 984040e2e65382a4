from slsguard.gate.rule import Rule
from slsguard.rules._shared import misdirected_alarms, unanswered_alarm

RULE = Rule(
    id="SLS-OBS-003",
    title="Every function has alarms on Errors and Throttles that notify an SNS topic",
    severity="medium",
    rationale="Errors and throttles are the two ways a function silently stops doing its work. An alarm "
              "counts only if it can fire: AWS/Lambda publishes them under the function's name, so an "
              "alarm on its ARN or an alias's ARN, or in another namespace, never gets data.",
    remediation="Add aws_cloudwatch_metric_alarm resources on AWS/Lambda Errors and Throttles with "
                "dimensions { FunctionName = aws_lambda_function.x.function_name } and alarm_actions = "
                "[<alerts topic ARN>] (actions_enabled left true).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html",),
    types=("aws_lambda_function",),
    engine_note='an aggregate, alarms on Errors and Throttles must exist for every function',
)

METRICS = ("Errors", "Throttles")


def evaluate(ctx):
    for function in ctx.model.of_type("aws_lambda_function"):
        missing = [metric for metric in METRICS
                   if not ctx.facts.watching_alarms(metric, function)]
        problems = [f"has no alarm on {' and '.join(missing)}{misdirected_alarms(ctx, missing, function)}"] \
            if missing else []
        problems += [problem for metric in METRICS if metric not in missing
                     if (problem := unanswered_alarm(ctx, metric, function))]
        if problems:
            yield ctx.finding(function, "; ".join(problems) + ".")
