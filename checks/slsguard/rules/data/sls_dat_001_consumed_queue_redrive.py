from slsguard.gate.rule import Rule
from slsguard.gate.policy import Unjudgeable
from slsguard.gate.values import Unknown

RULE = Rule(
    id="SLS-DAT-001",
    title="A queue consumed by Lambda redrives to a DLQ after at least 5 receives",
    severity="high",
    rationale="Without a redrive policy a poison message is retried until it expires and is lost; fewer "
              "than 5 receives sends messages to the DLQ on transient throttles.",
    remediation="Set redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, "
                "maxReceiveCount = 5 }) (or an aws_sqs_queue_redrive_policy).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html",),
    types=("aws_sqs_queue", "aws_lambda_event_source_mapping", "aws_sqs_queue_redrive_policy"),
)


def evaluate(ctx):
    minimum = ctx.config["min_max_receive_count"]
    for mapping, queues, _ in ctx.facts.event_source_mappings:
        if queues.untraced:
            yield ctx.finding(mapping, f"event_source_arn cannot be traced to a queue ({queues.untraced}), so the "
                                       "redrive of the queue it consumes cannot be judged.")
    for queue in ctx.model.of_type("aws_sqs_queue"):
        if queue.address not in ctx.facts.consumers_by_queue:
            continue
        policy = ctx.facts.redrive_policy(queue)
        if policy is None:
            yield ctx.finding(queue, "is consumed by Lambda but has no redrive policy (no DLQ).")
        elif isinstance(policy, Unjudgeable):
            yield ctx.finding(queue, f"redrive policy cannot be judged: {policy.reason}.")
        else:
            count = policy.get("maxReceiveCount")
            if isinstance(count, str) and count.isdigit():
                count = int(count)
            if not policy.get("deadLetterTargetArn"):
                yield ctx.finding(queue, "redrive policy has no deadLetterTargetArn.")
            elif isinstance(count, Unknown) or not isinstance(count, int):
                yield ctx.finding(queue, "redrive policy maxReceiveCount cannot be judged at plan time.")
            elif count < minimum:
                yield ctx.finding(queue, f"redrive policy maxReceiveCount is {count}; it must be >= {minimum}.")
