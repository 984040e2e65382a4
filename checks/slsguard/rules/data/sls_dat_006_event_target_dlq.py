from slsguard.gate.rule import Rule
from slsguard.rules._shared import PENDING_BLOCK, blocks_pending

RULE = Rule(
    id="SLS-DAT-006",
    title="EventBridge targets have a dead-letter queue",
    severity="medium",
    rationale="EventBridge drops an event after its retries when the target fails or is throttled; a "
              "DLQ keeps it for inspection and replay.",
    remediation="Add dead_letter_config { arn = aws_sqs_queue.dlq.arn } to the aws_cloudwatch_event_target.",
    references=("https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html",),
    types=("aws_cloudwatch_event_target",),
    engine_note='follows EventBridge targets to their DLQ configuration',
)


def evaluate(ctx):
    for target in ctx.model.of_type("aws_cloudwatch_event_target"):
        config = target.block("dead_letter_config")
        if blocks_pending(ctx, target, "dead_letter_config"):
            yield ctx.finding(target, f"dead_letter_config {PENDING_BLOCK}.")
        elif not config.get("arn") and not target.block_unknown("dead_letter_config", "arn"):
            yield ctx.finding(target, "has no dead_letter_config.")
