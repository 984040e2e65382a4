from slsguard.gate.policy import Policy
from slsguard.gate.rule import Rule
from slsguard.gate.wildcard import wildcard_match
from slsguard.rules._shared import covers_every_resource, resource_scope

RULE = Rule(
    id="SLS-IAM-004",
    title="iam:PassRole is never allowed on Resource '*' or NotResource",
    severity="critical",
    rationale="PassRole on '*' lets the holder hand any role, including admin roles, to a service it "
              "controls: a direct privilege escalation. NotResource (every role but the listed ones) is as "
              "broad.",
    remediation="Allow iam:PassRole only on the ARNs of the roles the workload must pass, with an "
                "iam:PassedToService condition.",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",),
    types=("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"),
    engine_note='reads every statement of every identity policy',
)


def evaluate(ctx):
    boundaries = ctx.facts.boundary_policies
    for use in ctx.facts.identity_policies:
        if not isinstance(use.policy, Policy) or use.resource.address in boundaries:
            continue
        for statement in use.policy.statements:
            if not statement.allows or not covers_every_resource(statement):
                continue
            if any(wildcard_match(a, "iam:PassRole") for a in statement.actions or []):
                yield ctx.finding(use.resource, f"{use.attribute} allows iam:PassRole on {resource_scope(statement)}.")
