from slsguard.gate.rule import Rule
from slsguard.gate.values import Unknown
from slsguard.rules._shared import PENDING_BLOCK, blocks_pending

RULE = Rule(
    id="SLS-DAT-010",
    title="EventBridge Scheduler schedules that invoke a function or send to a queue have a DLQ and a retry policy",
    severity="medium",
    rationale="When Scheduler cannot deliver to its target (throttled, deleted, denied) it retries, by "
              "default 185 times over 24 hours, and then drops the invocation: only a dead-letter queue "
              "keeps it, and an explicit retry policy says how long a failure may stay unnoticed.",
    remediation="Add to the schedule's target: dead_letter_config { arn = aws_sqs_queue.dlq.arn } and "
                "retry_policy { maximum_retry_attempts = 3, maximum_event_age_in_seconds = 3600 } (the "
                "schedule's role needs sqs:SendMessage on the DLQ).",
    references=("https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html",
                "https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-retry-policy.html"),
    types=("aws_scheduler_schedule",),
    engine_note="follows a schedule's target to a function or queue through aliases, module outputs and for_each",
)

TARGET_TYPES = ("aws_lambda_function", "aws_sqs_queue")
# Templated targets name the service in the ARN; universal targets the SDK call.
TARGET_SERVICES = (":lambda:", ":sqs:", ":aws-sdk:lambda:invoke", ":aws-sdk:sqs:sendmessage")


def evaluate(ctx):
    for schedule in ctx.model.of_type("aws_scheduler_schedule"):
        target = _target(ctx, schedule)
        if target is None:
            continue
        if target.startswith("?"):
            yield ctx.finding(schedule, f"target.arn cannot be traced to a function or queue ({target[1:]}), so "
                                        "its dead-letter queue and retry policy cannot be judged.")
            continue
        for block in ("dead_letter_config", "retry_policy"):
            if blocks_pending(ctx, schedule, "target", block):
                yield ctx.finding(schedule, f"invokes {target}; its target.{block} {PENDING_BLOCK}.")
        if not _set(ctx, schedule, "dead_letter_config", "arn"):
            yield ctx.finding(schedule, f"invokes {target} without a dead-letter queue "
                                        "(target.dead_letter_config): invocations that exhaust their retries are dropped.")
        if not _set(ctx, schedule, "retry_policy", "maximum_retry_attempts"):
            yield ctx.finding(schedule, f"invokes {target} without a retry policy (target.retry_policy): the "
                                        "default retries for 24 hours.")


def _target(ctx, schedule):
    """What the schedule invokes when it is a function or a queue; None for other targets; a text
    starting with "?" when the ARN cannot be traced."""
    link = ctx.facts.link(schedule, "target", "arn", types=TARGET_TYPES)
    if link.targets:
        return link.targets[0].address
    arn = ctx.values.attribute(schedule, "target", "arn")
    if isinstance(arn, str):
        return arn if any(service in arn.lower() for service in TARGET_SERVICES) else None
    return f"?{link.untraced}" if link.untraced else None


def _set(ctx, schedule, block, attribute):
    """Whether target.<block> is planned, a value known only at apply counting. The plan decides, not
    the source: a dynamic block over an empty list writes nothing, one over a value plans the block."""
    value = ctx.values.attribute(schedule, "target", block, attribute)
    return value is not None or isinstance(ctx.values.attribute(schedule, "target", block), Unknown)
