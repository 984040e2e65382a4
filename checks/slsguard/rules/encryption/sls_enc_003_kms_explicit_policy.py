from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-ENC-003",
    title="Customer KMS keys have an explicit key policy",
    severity="medium",
    rationale="The default key policy delegates everything to IAM in the account; an explicit policy "
              "states which principals and services may use the key, and is where service principals "
              "(logs, events, sns) get the grants that delivery needs.",
    remediation="Set policy on the aws_kms_key (or add an aws_kms_key_policy) with administrators, users "
                "and the service principals that encrypt with it.",
    references=("https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",),
    types=("aws_kms_key", "aws_kms_key_policy"),
)


def evaluate(ctx):
    for key in ctx.model.of_type("aws_kms_key"):
        if key.address in ctx.facts.key_policy_by_key:
            continue
        yield ctx.finding(key, "has no explicit key policy (the default policy would apply).")
