from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy
from slsguard.rules._shared import allows_service

RULE = Rule(
    id="SLS-DLV-001",
    title="A key used by a log group lets the CloudWatch Logs service use it",
    severity="high",
    rationale="CloudWatch Logs encrypts with the caller-independent service principal; without a key "
              "policy grant, creating the log group fails at apply (or log delivery stops).",
    remediation="Add a key policy statement allowing Service logs.<region>.amazonaws.com kms:Encrypt*, "
                "kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe*, with an "
                "kms:EncryptionContext:aws:logs:arn condition.",
    references=("https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",),
    types=("aws_cloudwatch_log_group", "aws_kms_key", "aws_kms_key_policy"),
    engine_note='reads the key policy of the key a log group uses, with its conditions',
)

NEEDED = ("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey")


def evaluate(ctx):
    for group in ctx.model.of_type("aws_cloudwatch_log_group"):
        for key in ctx.facts.keys_of(group, "kms_key_id"):
            use = ctx.facts.key_policy_by_key.get(key.address)
            if use is None:
                yield ctx.finding(group, f"uses {key.address}, whose (default) key policy does not allow "
                                         "the CloudWatch Logs service.")
            elif isinstance(use.policy, Policy) and not allows_service(use.policy, "logs", NEEDED):
                yield ctx.finding(group, f"uses {key.address}, whose key policy does not allow the CloudWatch "
                                         f"Logs service {', '.join(NEEDED)}.")
