from slsguard.gate import iamdb
from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy

RULE = Rule(
    id="SLS-IAM-001",
    title="Identity policies do not allow '*', 'service:*' or wildcards that expand to write actions",
    severity="high",
    rationale="A wildcard grants every current and future action of a service; wildcards that reach "
              "Write or Permissions management actions let a compromised function change data or IAM.",
    remediation="List the exact actions the workload calls (e.g. sqs:SendMessage), or a wildcard that "
                "only matches read actions (e.g. dynamodb:Get*). Boundary policies are exempt (caps).",
    references=("Security Hub IAM.1", "Security Hub IAM.21",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"),
    types=("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"),
    engine_note='expands wildcards with an IAM action database, on every policy source incl. unknown documents',
)


def evaluate(ctx):
    boundaries = ctx.facts.boundary_policies
    for use in ctx.facts.identity_policies:
        if not isinstance(use.policy, Policy) or use.resource.address in boundaries:
            continue
        for statement in use.policy.statements:
            if not statement.allows:
                continue
            for action in statement.actions or []:
                risk = iamdb.wildcard_risk(action)
                if risk:
                    yield ctx.finding(use.resource, f"{use.attribute} allows {action!r}: {risk}.")
