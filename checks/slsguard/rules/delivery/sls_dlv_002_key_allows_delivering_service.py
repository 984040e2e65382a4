from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy
from slsguard.rules._shared import admits_sender, allows_service

RULE = Rule(
    id="SLS-DLV-002",
    title="A key encrypting a queue or topic that a service delivers to lets that service use it",
    severity="high",
    rationale="EventBridge, SNS, CloudWatch alarms and Budgets must generate a data key to write to an "
              "encrypted queue or topic; without the grant, deliveries are silently dropped.",
    remediation="Allow the service principal (events/sns/cloudwatch/budgets.amazonaws.com) "
                "kms:GenerateDataKey* and kms:Decrypt in the key policy, scoped with aws:SourceArn or "
                "aws:SourceAccount.",
    references=("https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html",
                "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html"),
    types=("aws_sqs_queue", "aws_sns_topic", "aws_kms_key", "aws_kms_key_policy"),
    engine_note='reads key policies against the services that deliver to a queue or topic',
)

NEEDED = ("kms:GenerateDataKey", "kms:Decrypt")


def evaluate(ctx):
    reported = set()
    for destination, service, source in ctx.facts.deliveries:
        for key in ctx.facts.keys_of(destination, "kms_master_key_id"):
            if (destination.address, service) in reported:
                continue
            use = ctx.facts.key_policy_by_key.get(key.address)
            senders = ctx.facts.senders(source)
            if use is None or (isinstance(use.policy, Policy) and not allows_service(
                    use.policy, service, NEEDED, admits=lambda statement: admits_sender(ctx, statement, senders))):
                reported.add((destination.address, service))
                yield ctx.finding(destination, f"receives deliveries from {service}.amazonaws.com (via "
                                               f"{source.address}) but key {key.address} does not allow it "
                                               f"{' and '.join(NEEDED)}.")
