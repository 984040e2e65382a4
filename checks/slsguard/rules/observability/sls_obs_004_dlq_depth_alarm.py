from slsguard.gate.rule import Rule
from slsguard.rules._shared import unanswered_alarm

RULE = Rule(
    id="SLS-OBS-004",
    title="Every dead-letter queue has a depth alarm that notifies an SNS topic",
    severity="medium",
    rationale="A message in a DLQ is a failed business operation; nobody looks unless an alarm tells "
              "someone. A queue is a DLQ when anything sends failures to it: a redrive policy, an "
              "EventBridge or Scheduler dead-letter config, a Lambda DLQ or on-failure destination, an "
              "SNS subscription's redrive policy. AWS/SQS publishes the depth under the queue's name: an "
              "alarm on its URL or ARN never gets data and does not count.",
    remediation="Add an aws_cloudwatch_metric_alarm on AWS/SQS ApproximateNumberOfMessagesVisible > 0 "
                "with dimensions { QueueName = aws_sqs_queue.dlq.name } and alarm_actions = [<alerts topic ARN>].",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-monitoring-using-cloudwatch.html",),
    types=("aws_sqs_queue",),
    engine_note='an aggregate, a depth alarm must exist for every queue that receives failures',
)


def evaluate(ctx):
    for dlq_address, sources in sorted(ctx.facts.dead_letter_queues.items()):
        dlq = ctx.model.by_address[dlq_address]
        problem = unanswered_alarm(ctx, "ApproximateNumberOfMessagesVisible", dlq)
        if problem:
            yield ctx.finding(dlq, f"is a dead-letter queue (of {sources[0].address}) and {problem}.")
