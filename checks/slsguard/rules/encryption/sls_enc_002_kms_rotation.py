from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-ENC-002",
    title="Customer KMS keys rotate automatically",
    severity="medium",
    rationale="Automatic rotation limits how much data one key version protects, as most compliance "
              "frameworks require.",
    remediation="Set enable_key_rotation = true on the aws_kms_key.",
    references=("Security Hub KMS.4", "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"),
    types=("aws_kms_key",),
)


def evaluate(ctx):
    for key in ctx.model.of_type("aws_kms_key"):
        if key.values.get("customer_master_key_spec", "SYMMETRIC_DEFAULT") not in (None, "SYMMETRIC_DEFAULT"):
            continue  # AWS rotates only symmetric keys
        value = key.values.get("enable_key_rotation")
        if value is True:
            continue
        if value is None and key.is_unknown("enable_key_rotation"):
            yield ctx.finding(key, f"{ctx.values.describe_missing(key, 'enable_key_rotation')}, so rotation cannot "
                                   "be confirmed.")
        else:
            yield ctx.finding(key, "does not rotate (enable_key_rotation is not true).")
