from slsguard.gate.arn import written_region
from slsguard.gate.policy import Policy
from slsguard.gate.rule import Rule
from slsguard.gate.wildcard import wildcard_match
from slsguard.rules._shared import action_covers, competing, holds_whichever_kept

RULE = Rule(
    id="SLS-ENC-004",
    title="Every SQS queue has a policy denying requests without TLS",
    severity="medium",
    rationale="Without a Deny on aws:SecureTransport = false, a client can send or read messages over "
              "plain HTTP. The Deny counts when it applies to everyone, covers sending and receiving, and "
              "names the queue (its ARN, a pattern matching its name, or '*').",
    remediation="Add a queue policy statement: Effect Deny, Principal '*', Action sqs:*, Resource the "
                "queue ARN, Condition Bool aws:SecureTransport = false.",
    references=("https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html",),
    types=("aws_sqs_queue", "aws_sqs_queue_policy"),
    engine_note='reads every statement of the queue policy and its conditions',
)


# Sending and reading: the two ways messages travel over plain HTTP.
TRANSPORT_ACTIONS = ("sqs:SendMessage", "sqs:ReceiveMessage")


def evaluate(ctx):
    for queue in ctx.model.of_type("aws_sqs_queue"):
        uses = ctx.facts.policies_by_target.get(queue.address, [])
        if any(not isinstance(use.policy, Policy) for use in uses):
            continue  # SLS-UNK-001 reports the policy that cannot be read
        if not holds_whichever_kept(uses, lambda policy: any(
                _denies_insecure_transport(ctx, statement, queue) for statement in policy.statements)):
            yield ctx.finding(queue, "has no queue policy denying aws:SecureTransport = false to everyone for "
                                     f"{' and '.join(TRANSPORT_ACTIONS)} on the queue{competing(uses)}.")


def _denies_insecure_transport(ctx, statement, queue):
    principals = statement.principals or {}
    return statement.effect == "Deny" and (principals.get("*") == ["*"] or "*" in principals.get("AWS", [])) \
        and all(any(action_covers(pattern, action) for pattern in statement.actions or [])
                for action in TRANSPORT_ACTIONS) \
        and _insecure_transport(statement) and _names_queue(ctx, statement, queue)


def _insecure_transport(statement):
    for operator, body in (statement.conditions or {}).items():
        if operator.lower().startswith("bool") and isinstance(body, dict):
            for key, value in body.items():
                values = value if isinstance(value, list) else [value]
                if key.lower() == "aws:securetransport" and any(str(v).lower() == "false" for v in values):
                    return True
    return False


def _names_queue(ctx, statement, queue):
    """Whether the statement's Resource covers the queue: '*', its ARN, or a pattern over its name in
    its Region (a policy of one queue that names another, or the same name in another Region,
    denies nothing to requests to this one)."""
    resources = statement.resources or []
    name = queue.values.get("name")
    return any(t.address == queue.address for t in ctx.facts.link_value(resources, ("aws_sqs_queue",)).targets) \
        or any(isinstance(r, str) and ctx.facts.same_region(queue, written_region(r) or None)
               and (r.split(":")[-1] == "*" or isinstance(name, str) and wildcard_match(
                   r.split(":")[-1], name, case_sensitive=True)) for r in resources)
