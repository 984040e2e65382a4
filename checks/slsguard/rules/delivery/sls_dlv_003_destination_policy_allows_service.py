from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy
from slsguard.rules._shared import admits_sender, allows_service, competing, condition_values, holds_whichever_kept

RULE = Rule(
    id="SLS-DLV-003",
    title="A queue or topic that a service delivers to allows that service, scoped by source",
    severity="high",
    rationale="EventBridge, SNS, alarms and Budgets need a resource policy grant to send to a queue or "
              "publish to a topic; unscoped grants let any customer's resource of that service use it. A "
              "queue subscribed to a topic must admit that very topic (aws:SourceArn), or SNS's deliveries "
              "are refused.",
    remediation="Add a policy statement allowing the service principal sqs:SendMessage / sns:Publish with "
                "an aws:SourceArn (or aws:SourceAccount) condition; for an SNS subscription, aws:SourceArn "
                "is the subscribed topic's ARN.",
    references=("https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html",
                "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html"),
    types=("aws_sqs_queue", "aws_sns_topic", "aws_sqs_queue_policy", "aws_sns_topic_policy",
           "aws_sns_topic_subscription"),
    engine_note='reads resource policies against the services that deliver, scoped by source',
)

ACTION = {"aws_sqs_queue": "sqs:SendMessage", "aws_sns_topic": "sns:Publish"}


def _admits_topic(ctx, policy, topics, literal, action):
    """Whether a statement allows SNS ``action`` with aws:SourceArn naming one of ``topics`` (the
    topic's ARN itself when it is outside the plan)."""
    wanted = {topic.address for topic in topics}
    for statement in policy.statements:
        if not allows_service(Policy([statement], policy.origin), "sns", action):
            continue
        arns = condition_values(statement, "aws:sourcearn", present=True)
        if isinstance(literal, str) and literal in arns:
            return True
        if wanted & {t.address for t in ctx.facts.link_value(arns, ("aws_sns_topic",)).targets}:
            return True
    return False


def evaluate(ctx):
    reported = set()
    for destination, service, source in ctx.facts.deliveries:
        if (destination.address, service) in reported:
            continue
        uses = ctx.facts.policies_by_target.get(destination.address, [])
        if any(not isinstance(use.policy, Policy) for use in uses):
            continue  # reported by SLS-UNK-001
        action = (ACTION[destination.type],)
        # A subscription's topic is checked below, with its own message.
        senders = [] if source.type == "aws_sns_topic_subscription" else ctx.facts.senders(source)
        if not holds_whichever_kept(uses, lambda policy: allows_service(
                policy, service, action, require_scope=True,
                admits=lambda statement: admits_sender(ctx, statement, senders))):
            reported.add((destination.address, service))
            yield ctx.finding(destination, f"receives deliveries from {service}.amazonaws.com (via {source.address}) "
                                           f"but no policy allows it {action[0]} scoped by aws:SourceArn or "
                                           f"aws:SourceAccount{competing(uses)}.")
        elif source.type == "aws_sns_topic_subscription":
            topics = ctx.facts.link(source, "topic_arn", types=("aws_sns_topic",)).targets
            literal = ctx.values.attribute(source, "topic_arn")
            if not holds_whichever_kept(uses, lambda policy: _admits_topic(ctx, policy, topics, literal, action)):
                shown = ", ".join(t.address for t in topics) or "its topic"
                yield ctx.finding(destination, f"is subscribed to {shown} (via {source.address}) but no policy "
                                               f"allows sns.amazonaws.com {action[0]} with that topic as "
                                               f"aws:SourceArn{competing(uses)}.")
