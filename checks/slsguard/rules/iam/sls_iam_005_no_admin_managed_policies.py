from slsguard.gate.rule import Rule
from slsguard.gate.values import Unevaluable, Unknown, walk
from slsguard.gate.wildcard import wildcard_match

RULE = Rule(
    id="SLS-IAM-005",
    title="No AWS-managed administrator, power-user or full-access policy is attached",
    severity="critical",
    rationale="AWS-managed admin and *FullAccess policies grant far more than a serverless workload "
              "needs and change when AWS updates them.",
    remediation="Attach a customer-managed or inline policy listing the exact actions and resources.",
    references=("Security Hub IAM.1",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html"),
    types=("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role", "aws_iam_role_policy_attachments_exclusive"),
    engine_note="the forbidden managed policies come from the slsguard config (Checkov's CKV_AWS_274, CKV_AWS_275, CKV2_AWS_56 cover AdministratorAccess and IAMFullAccess)",
)

ATTACHMENTS = {
    "aws_iam_role_policy_attachment": "policy_arn", "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn", "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role": "managed_policy_arns", "aws_iam_role_policy_attachments_exclusive": "policy_arns",
}


def _forbidden(arn, patterns):
    if not arn.startswith("arn:aws:iam::aws:policy/"):
        return False
    name = arn.rsplit("/", 1)[-1]
    return any(wildcard_match(pattern, name, case_sensitive=True) for pattern in patterns)


def evaluate(ctx):
    patterns = ctx.config["forbidden_managed_policies"]
    for type_, attribute in ATTACHMENTS.items():
        for resource in ctx.model.of_type(type_):
            if resource.is_unknown(attribute) and ctx.values.configured(resource, attribute) is False:
                continue  # not written: computed by the provider from the attachments
            value = ctx.values.attribute(resource, attribute)
            for arn in walk(value):
                if isinstance(arn, str) and _forbidden(arn, patterns):
                    yield ctx.finding(resource, f"attaches the AWS-managed policy {arn}.")
            if any(isinstance(part, Unevaluable) for part in walk(value)):
                yield ctx.finding(resource, f"{attribute} cannot be evaluated, so the policies it attaches cannot "
                                            "be judged.")
            elif any(isinstance(part, Unknown) for part in walk(value)):
                link = ctx.facts.link_value(value, ("aws_iam_policy",), resource)
                # An aws_iam_policy data source may name any policy, AdministratorAccess included.
                if link.untraced or not link.targets or any(t.mode == "data" for t in link.targets):
                    yield ctx.finding(resource, f"{ctx.values.describe_missing(resource, attribute)} and does not "
                                                "reference a customer-managed aws_iam_policy, so it cannot be judged.")
