from slsguard.gate import iamdb
from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy
from slsguard.rules._shared import covers_every_resource, resource_scope

RULE = Rule(
    id="SLS-IAM-003",
    title="No Resource '*' (or NotResource) for actions that support resource-level permissions",
    severity="high",
    rationale="Actions that can be scoped to an ARN should be: Resource '*' extends the grant to every "
              "queue, table or key in the account; NotResource in an Allow (every resource but the listed "
              "ones) is as broad. A policy used as a permissions boundary is a cap and is exempt.",
    remediation="Set Resource to the ARNs of the resources the workload uses (references such as "
                "aws_sqs_queue.work.arn are fine even though they are unknown at plan time).",
    references=("https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html",),
    types=("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"),
    engine_note='needs the resource-level support of each action (IAM action database) and the boundary exemption',
)


def evaluate(ctx):
    boundaries = ctx.facts.boundary_policies
    allowed = set(ctx.config.get("resource_star_allowed_actions", []))
    for use in ctx.facts.identity_policies:
        if not isinstance(use.policy, Policy) or use.resource.address in boundaries:
            continue
        for statement in use.policy.statements:
            if not statement.allows or not covers_every_resource(statement):
                continue
            scoped = sorted({name for action in statement.actions or [] if action not in allowed
                             for name in iamdb.resource_level_actions(action)})
            if scoped:
                shown = ", ".join(scoped[:3]) + (f" and {len(scoped) - 3} more" if len(scoped) > 3 else "")
                yield ctx.finding(use.resource, f"{use.attribute} allows {shown} on {resource_scope(statement)}.")
