from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-DAT-003",
    title="A dead-letter queue keeps messages at least as long as its source queue and the configured minimum",
    severity="medium",
    rationale="SQS keeps a message's original enqueue time when it moves to the DLQ; a shorter DLQ "
              "retention deletes failed messages before anyone looks at them. A DLQ fed by EventBridge, "
              "Scheduler, Lambda or SNS gets a fresh message, and its retention is all the time a team has.",
    remediation="Set the DLQ's message_retention_seconds >= the source queue's and >= the gate's "
                "dlq_min_retention_seconds (1209600, 14 days, is usual).",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",),
    types=("aws_sqs_queue", "aws_sqs_queue_redrive_policy"),
    engine_note='compares the retention of a DLQ with that of every queue that redrives to it',
)

DEFAULT_RETENTION = 345600


def evaluate(ctx):
    minimum = ctx.config["dlq_min_retention_seconds"]
    for dlq_address, sources in sorted(ctx.facts.dead_letter_queues.items()):
        dlq = ctx.model.by_address[dlq_address]
        kept = _retention(ctx, dlq)
        if not isinstance(kept, int):
            yield ctx.finding(dlq, f"is a dead-letter queue (of {sources[0].address}) whose "
                                   f"{ctx.values.describe_missing(dlq, 'message_retention_seconds')}, so how "
                                   "long it keeps failed messages cannot be judged.")
            continue
        if kept < minimum:
            yield ctx.finding(dlq, f"is a dead-letter queue (of {sources[0].address}) that keeps messages {kept} s; "
                                   f"it must keep them at least {minimum} s.")
        for source in sources:
            if source.type != "aws_sqs_queue":
                continue
            source_kept = _retention(ctx, source)
            if not isinstance(source_kept, int):
                yield ctx.finding(dlq, f"cannot be compared with its source {source.address}, whose "
                                       f"{ctx.values.describe_missing(source, 'message_retention_seconds')}.")
            elif kept < source_kept:
                yield ctx.finding(dlq, f"keeps messages {kept} s but its source {source.address} keeps them "
                                       f"{source_kept} s.")


def _retention(ctx, queue):
    kept = ctx.values.attribute(queue, "message_retention_seconds")
    return DEFAULT_RETENTION if kept is None else kept
