from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy

RULE = Rule(
    id="SLS-IAM-002",
    title="No Allow statement uses NotAction",
    severity="high",
    rationale="Allow + NotAction grants every action except the listed ones, including services that "
              "do not exist yet; it is almost always broader than intended.",
    remediation="Replace NotAction with an explicit Action list.",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",),
    types=("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role", "aws_sqs_queue", "aws_sqs_queue_policy", "aws_sns_topic", "aws_sns_topic_policy", "aws_cloudwatch_event_bus_policy"),
    engine_note='reads every statement of every identity policy',
)


def evaluate(ctx):
    for use in (*ctx.facts.identity_policies, *ctx.facts.resource_policies, *ctx.facts.trust_policies):
        if not isinstance(use.policy, Policy):
            continue
        for statement in use.policy.statements:
            if statement.allows and statement.not_actions is not None:
                yield ctx.finding(use.resource, f"{use.attribute} has an Allow statement with NotAction "
                                                f"{statement.not_actions[:3]!r}.")
