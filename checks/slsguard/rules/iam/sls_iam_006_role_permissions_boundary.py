from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-IAM-006",
    title="Every IAM role has a permissions boundary",
    severity="high",
    rationale="A boundary caps what a role can ever do, whatever policies are attached to it later; it "
              "is the guardrail that makes delegated role creation safe.",
    remediation="Set permissions_boundary to the organisation's boundary policy ARN (e.g. a reference "
                "to an aws_iam_policy used only as a boundary).",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",),
    types=("aws_iam_role",),
)


def evaluate(ctx):
    for role in ctx.model.of_type("aws_iam_role"):
        value = role.values.get("permissions_boundary")
        if isinstance(value, str) and value:
            continue
        if role.is_unknown("permissions_boundary"):
            continue  # set from a reference; the boundary itself is judged where it is defined
        yield ctx.finding(role, "has no permissions boundary.")
