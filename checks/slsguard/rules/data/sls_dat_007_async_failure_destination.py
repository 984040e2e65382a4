from slsguard.gate.rule import Rule
from slsguard.rules._shared import PENDING_BLOCK, blocks_pending, function_qualifier, service_matches, shown_qualifier

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

FUNCTIONS = ("aws_lambda_function",)
# Services that invoke a function asynchronously through a lambda permission, in global or regional
# form (logs.eu-west-1.amazonaws.com).
ASYNC_SERVICES = ("events", "sns", "s3", "scheduler", "logs", "ses", "iot", "codecommit", "config")


def _async_invocations(ctx):
    """(function address, qualifier) -> function for every asynchronous invocation (qualifier None:
    the unqualified function)."""
    found = {}

    def add(resource, *path, qualifier_argument=None):
        qualifier = function_qualifier(ctx, resource, *path, qualifier_argument=qualifier_argument)
        for function in ctx.facts.link(resource, *path, types=FUNCTIONS):
            found[(function.address, qualifier)] = function

    for target in ctx.model.of_type("aws_cloudwatch_event_target"):
        add(target, "arn")
    # Scheduler invokes a function asynchronously through its role, with no lambda permission.
    for schedule in ctx.model.of_type("aws_scheduler_schedule"):
        add(schedule, "target", "arn")
    for permission in ctx.model.of_type("aws_lambda_permission"):
        principal = permission.values.get("principal")
        if any(service_matches(principal, service) for service in ASYNC_SERVICES):
            add(permission, "function_name", qualifier_argument="qualifier")
    # CloudWatch Logs delivers a subscription's log events asynchronously.
    for subscription in ctx.model.of_type("aws_cloudwatch_log_subscription_filter"):
        add(subscription, "destination_arn")
    return found


def evaluate(ctx):
    # Lambda keeps asynchronous invocation settings per qualifier: a destination configured on the
    # function ($LATEST) is not used for events sent to an alias, nor one on an alias for the function.
    handled: dict[str, set] = {}
    pending: dict[str, set] = {}  # destinations written by dynamic blocks known only at apply
    for config in ctx.model.of_type("aws_lambda_function_event_invoke_config"):
        on_failure = config.block("destination_config").get("on_failure") or []
        unsure = blocks_pending(ctx, config, "destination_config") \
            or blocks_pending(ctx, config, "destination_config", "on_failure")
        if on_failure or config.block_unknown("destination_config", "on_failure"):
            qualifier = function_qualifier(ctx, config, "function_name", qualifier_argument="qualifier")
            for function in ctx.facts.functions_named(config, "function_name"):
                (pending if unsure else handled).setdefault(function.address, set()).add(qualifier)
    invocations = sorted(_async_invocations(ctx).items(), key=lambda item: (item[0][0], str(item[0][1] or "")))
    for (address, qualifier), function in invocations:
        dead_letter = function.block("dead_letter_config")
        configured = handled.get(address, set())
        # A qualifier known only at apply matches nothing: which settings apply cannot be told.
        dead_letter_pending = blocks_pending(ctx, function, "dead_letter_config")
        if qualifier in configured or dead_letter.get("target_arn") \
                or function.block_unknown("dead_letter_config", "target_arn") and not dead_letter_pending:
            continue
        if dead_letter_pending or qualifier in pending.get(address, set()):
            where = "dead_letter_config" if dead_letter_pending else "the on-failure destination of its event invoke config"
            yield ctx.finding(function, f"is invoked asynchronously; {where} {PENDING_BLOCK}.")
            continue
        through = f" through {shown_qualifier(qualifier)}" if qualifier else ""
        elsewhere = sorted(shown_qualifier(q) if q else "the unqualified function" for q in configured)
        why = f" (its on-failure destination is set for {' and '.join(elsewhere)} only)" if elsewhere else ""
        yield ctx.finding(function, f"is invoked asynchronously{through} but has no on-failure destination or DLQ{why}.")
