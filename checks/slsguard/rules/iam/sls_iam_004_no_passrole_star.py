from slsguard.gate.policy import Policy
from slsguard.gate.rule import Rule
from slsguard.gate.values import Partial
from slsguard.gate.wildcard import wildcard_match
from slsguard.rules._shared import admits_every, covers_every_resource, resource_scope

RULE = Rule(
    id="SLS-IAM-004",
    title="iam:PassRole is never allowed on Resource '*' or NotResource",
    severity="critical",
    rationale="PassRole on '*' lets the holder hand any role, including admin roles, to a service it "
              "controls: a direct privilege escalation. NotResource (every role but the listed ones) and a "
              "pattern over every role's name (arn:aws:iam::111122223333:role/*) are as broad.",
    remediation="Allow iam:PassRole only on the ARNs of the roles the workload must pass, with an "
                "iam:PassedToService condition.",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",),
    types=("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"),
    engine_note='reads every statement of every identity policy',
)


ROLE_PROBES = ("arn:{partition}:iam::{account}:role/OrganizationAccountAccessRole",
               "arn:{partition}:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin")


def evaluate(ctx):
    boundaries = ctx.facts.boundary_policies
    for use in ctx.facts.identity_policies:
        if not isinstance(use.policy, Policy) or use.resource.address in boundaries:
            continue
        for statement in use.policy.statements:
            if not statement.allows or not any(wildcard_match(a, "iam:PassRole") for a in statement.actions or []):
                continue
            if covers_every_resource(statement):
                yield ctx.finding(use.resource, f"{use.attribute} allows iam:PassRole on {resource_scope(statement)}.")
            elif every_role := [r for r in statement.resources or [] if _admits_every_role(r)]:
                shown = every_role[0].shown() if isinstance(every_role[0], Partial) else every_role[0]
                yield ctx.finding(use.resource, f"{use.attribute} allows iam:PassRole on every role ({shown}).")


def _admits_every_role(resource):
    """An ARN pattern that matches a role whatever its name or path (arn:aws:iam::111122223333:role/*):
    as broad as '*' for the roles it can pass, admin roles included. Around values known only at
    apply (an account ID read at apply), each such value is one field: never a wildcard or a path."""
    return admits_every(resource, ROLE_PROBES)
