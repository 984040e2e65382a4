from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy
from slsguard.rules._shared import has_deny_insecure_transport

RULE = Rule(
    id="SLS-ENC-004",
    title="Every SQS queue has a policy denying requests without TLS",
    severity="medium",
    rationale="Without a Deny on aws:SecureTransport = false, a client can send or read messages over "
              "plain HTTP.",
    remediation="Add a queue policy statement: Effect Deny, Principal '*', Action sqs:*, Resource the "
                "queue ARN, Condition Bool aws:SecureTransport = false.",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html",),
    types=("aws_sqs_queue", "aws_sqs_queue_policy"),
    engine_note='reads every statement of the queue policy and its conditions',
)


def evaluate(ctx):
    for queue in ctx.model.of_type("aws_sqs_queue"):
        uses = ctx.facts.policies_by_target.get(queue.address, [])
        if any(not isinstance(use.policy, Policy) for use in uses):
            continue  # SLS-UNK-001 reports the policy that cannot be read
        if not any(has_deny_insecure_transport(use.policy) for use in uses):
            yield ctx.finding(queue, "has no queue policy denying aws:SecureTransport = false.")
