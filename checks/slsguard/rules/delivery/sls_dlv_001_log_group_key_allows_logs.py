from slsguard.gate.policy import Policy
from slsguard.gate.rule import Rule
from slsguard.gate.wildcard import wildcard_match
from slsguard.rules._shared import allows_service, condition_values

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
CONTEXT = "kms:encryptioncontext:aws:logs:arn"


def evaluate(ctx):
    for group in ctx.model.of_type("aws_cloudwatch_log_group"):
        for key in ctx.facts.keys_of(group, "kms_key_id"):
            use = ctx.facts.key_policy_by_key.get(key.address)
            if use is None:
                yield ctx.finding(group, f"uses {key.address}, whose (default) key policy does not allow "
                                         "the CloudWatch Logs service.")
            elif isinstance(use.policy, Policy) and not allows_service(
                    use.policy, "logs", NEEDED, admits=lambda statement: _admits(ctx, statement, group)):
                yield ctx.finding(group, f"uses {key.address}, whose key policy does not allow the CloudWatch "
                                         f"Logs service {', '.join(NEEDED)} for this log group in its Region.")


def _admits(ctx, statement, group):
    """Whether a statement for the Logs service reaches this group: its principal is the group's
    Region's Logs (logs.<region>.amazonaws.com), and its kms:EncryptionContext:aws:logs:arn, if any,
    names the group (by ARN pattern, or traced to the group's ARN)."""
    region = ctx.facts.region_of(group)
    if region is not None and f"logs.{region}.amazonaws.com" not in (statement.principals or {}).get("Service", []):
        return False
    contexts = condition_values(statement, CONTEXT, present=True)
    if not contexts:
        return True
    name = ctx.values.attribute(group, "name")
    traced = ctx.facts.link_value([c for c in contexts if not isinstance(c, str)], ("aws_cloudwatch_log_group",))
    return group in traced.targets or any(isinstance(c, str) and _names_group(c, name, region) for c in contexts)


def _names_group(pattern, name, region):
    """ArnLike against the group's ARN (arn:aws:logs:<region>:<account>:log-group:<name>, the context
    Logs encrypts with), its partition and account taken from the pattern."""
    fields = pattern.split(":", 5) + [""] * 5
    arn = ":".join([*fields[:3], region or fields[3], fields[4], f"log-group:{name}"])
    return wildcard_match(pattern, arn, case_sensitive=True)
