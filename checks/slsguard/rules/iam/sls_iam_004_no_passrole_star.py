import fnmatch

from slsguard.gate.engine import Rule
from slsguard.gate.policy import Policy

RULE = Rule(
    id="SLS-IAM-004",
    title="iam:PassRole is never allowed on Resource '*'",
    severity="critical",
    rationale="PassRole on '*' lets the holder hand any role, including admin roles, to a service it "
              "controls: a direct privilege escalation.",
    remediation="Allow iam:PassRole only on the ARNs of the roles the workload must pass, with an "
                "iam:PassedToService condition.",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",),
)


def evaluate(ctx):
    boundaries = ctx.facts.boundary_policies
    for use in ctx.facts.identity_policies:
        if not isinstance(use.policy, Policy) or use.resource.address in boundaries:
            continue
        for statement in use.policy.statements:
            if not statement.allows or "*" not in (statement.resources or []):
                continue
            if any(fnmatch.fnmatchcase("iam:passrole", a.lower()) for a in statement.actions or []):
                yield ctx.finding(use.resource, f"{use.attribute} allows iam:PassRole on Resource '*'.")
