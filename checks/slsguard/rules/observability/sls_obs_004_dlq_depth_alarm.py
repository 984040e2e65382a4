from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-OBS-004",
    title="Every dead-letter queue has a depth alarm",
    severity="medium",
    rationale="A message in a DLQ is a failed business operation; nobody looks unless an alarm says so.",
    remediation="Add an aws_cloudwatch_metric_alarm on AWS/SQS ApproximateNumberOfMessagesVisible > 0 "
                "with dimensions { QueueName = aws_sqs_queue.dlq.name }.",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-monitoring-using-cloudwatch.html",),
    types=("aws_sqs_queue",),
    engine_note='an aggregate, a depth alarm must exist for every queue used as a DLQ',
)


def evaluate(ctx):
    for dlq_address in ctx.facts.dlq_sources:
        dlq = ctx.model.by_address[dlq_address]
        if not ctx.facts.has_alarm("ApproximateNumberOfMessagesVisible", "QueueName", dlq, ("aws_sqs_queue",)):
            yield ctx.finding(dlq, "is a dead-letter queue without an ApproximateNumberOfMessagesVisible alarm.")
