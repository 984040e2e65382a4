from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-DAT-003",
    title="A DLQ keeps messages at least as long as its source queue",
    severity="medium",
    rationale="SQS keeps a message's original enqueue time when it moves to the DLQ; a shorter DLQ "
              "retention deletes failed messages before anyone looks at them.",
    remediation="Set the DLQ's message_retention_seconds >= the source queue's (1209600, 14 days, is usual).",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",),
    types=("aws_sqs_queue", "aws_sqs_queue_redrive_policy"),
    engine_note='compares the retention of a DLQ with that of every queue that redrives to it',
)

DEFAULT_RETENTION = 345600


def evaluate(ctx):
    for dlq_address, sources in ctx.facts.dlq_sources.items():
        dlq = ctx.model.by_address[dlq_address]
        kept = dlq.values.get("message_retention_seconds", DEFAULT_RETENTION)
        for source in sources:
            source_kept = source.values.get("message_retention_seconds", DEFAULT_RETENTION)
            if isinstance(kept, int) and isinstance(source_kept, int) and kept < source_kept:
                yield ctx.finding(dlq, f"keeps messages {kept} s but its source {source.address} keeps them "
                                       f"{source_kept} s.")
