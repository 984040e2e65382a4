from slsguard.gate.rule import Rule
from slsguard.rules._shared import service_matches

RULE = Rule(
    id="SLS-DAT-007",
    title="Asynchronously invoked functions have an on-failure destination or a DLQ",
    severity="medium",
    rationale="Lambda retries an async event twice and then discards it unless an on-failure "
              "destination or dead-letter queue is configured.",
    remediation="Add an aws_lambda_function_event_invoke_config with destination_config.on_failure, or "
                "dead_letter_config on the function.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",),
    types=("aws_lambda_function", "aws_cloudwatch_event_target", "aws_lambda_permission", "aws_lambda_function_event_invoke_config",
           "aws_scheduler_schedule", "aws_cloudwatch_log_subscription_filter"),
    engine_note='knows which functions are invoked asynchronously (rules, schedules, SNS, S3, log subscriptions...) from the whole plan',
)

# Services that invoke a function asynchronously through a lambda permission, in global or regional
# form (logs.eu-west-1.amazonaws.com).
ASYNC_SERVICES = ("events", "sns", "s3", "scheduler", "logs", "ses", "iot", "codecommit", "config")


def _async_functions(ctx):
    found = {}
    for target in ctx.model.of_type("aws_cloudwatch_event_target"):
        for function in ctx.facts.functions_named(target, "arn"):
            found[function.address] = function
    # Scheduler invokes a function asynchronously through its role, with no lambda permission.
    for schedule in ctx.model.of_type("aws_scheduler_schedule"):
        for function in ctx.facts.link(schedule, "target", "arn", types=("aws_lambda_function",)):
            found[function.address] = function
    for permission in ctx.model.of_type("aws_lambda_permission"):
        principal = permission.values.get("principal")
        if any(service_matches(principal, service) for service in ASYNC_SERVICES):
            for function in ctx.facts.functions_named(permission, "function_name"):
                found[function.address] = function
    # CloudWatch Logs delivers a subscription's log events asynchronously.
    for subscription in ctx.model.of_type("aws_cloudwatch_log_subscription_filter"):
        for function in ctx.facts.functions_named(subscription, "destination_arn"):
            found[function.address] = function
    return found


def evaluate(ctx):
    handled = set()
    for config in ctx.model.of_type("aws_lambda_function_event_invoke_config"):
        on_failure = config.block("destination_config").get("on_failure") or []
        if on_failure or config.block_unknown("destination_config", "on_failure"):
            handled.update(f.address for f in ctx.facts.functions_named(config, "function_name"))
    for address, function in sorted(_async_functions(ctx).items()):
        dead_letter = function.block("dead_letter_config")
        if address in handled or dead_letter.get("target_arn") or function.block_unknown("dead_letter_config", "target_arn"):
            continue
        yield ctx.finding(function, "is invoked asynchronously but has no on-failure destination or DLQ.")
