from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy
from slsguard.rules._shared import allows_service

RULE = Rule(
    id="SLS-DLV-003",
    title="A queue or topic that a service delivers to allows that service, scoped by source",
    severity="high",
    rationale="EventBridge, SNS, alarms and Budgets need a resource policy grant to send to a queue or "
              "publish to a topic; unscoped grants let any customer's resource of that service use it.",
    remediation="Add a policy statement allowing the service principal sqs:SendMessage / sns:Publish with "
                "an aws:SourceArn (or aws:SourceAccount) condition.",
    references=("https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html",),
    types=("aws_sqs_queue", "aws_sns_topic", "aws_sqs_queue_policy", "aws_sns_topic_policy"),
    engine_note='reads resource policies against the services that deliver, scoped by source',
)

ACTION = {"aws_sqs_queue": "sqs:SendMessage", "aws_sns_topic": "sns:Publish"}


def evaluate(ctx):
    reported = set()
    for destination, service, source in ctx.facts.deliveries:
        if (destination.address, service) in reported:
            continue
        uses = ctx.facts.policies_by_target.get(destination.address, [])
        if any(not isinstance(use.policy, Policy) for use in uses):
            continue  # reported by SLS-UNK-001
        action = (ACTION[destination.type],)
        if not any(allows_service(use.policy, service, action, require_scope=True) for use in uses):
            reported.add((destination.address, service))
            yield ctx.finding(destination, f"receives deliveries from {service}.amazonaws.com (via {source.address}) "
                                           f"but no policy allows it {action[0]} scoped by aws:SourceArn or "
                                           "aws:SourceAccount.")
