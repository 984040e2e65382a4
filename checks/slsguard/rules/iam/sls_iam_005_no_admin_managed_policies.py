import fnmatch

from slsguard.gate.engine import Rule

RULE = Rule(
    id="SLS-IAM-005",
    title="No AWS-managed administrator, power-user or full-access policy is attached",
    severity="critical",
    rationale="AWS-managed admin and *FullAccess policies grant far more than a serverless workload "
              "needs and change when AWS updates them.",
    remediation="Attach a customer-managed or inline policy listing the exact actions and resources.",
    references=("Security Hub IAM.1",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html"),
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
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def evaluate(ctx):
    patterns = ctx.config["forbidden_managed_policies"]
    for type_, attribute in ATTACHMENTS.items():
        for resource in ctx.model.of_type(type_):
            value = resource.values.get(attribute)
            if value is None and resource.is_unknown(attribute):
                if attribute not in resource.expressions:
                    continue  # not configured: computed by the provider
                targets = ctx.model.references(resource, attribute)
                if not targets or any(t.type != "aws_iam_policy" for t in targets):
                    yield ctx.finding(resource, f"{attribute} is unknown at plan time and does not reference a "
                                                "customer-managed aws_iam_policy, so it cannot be judged.")
                continue
            for arn in value if isinstance(value, list) else [value]:
                if isinstance(arn, str) and _forbidden(arn, patterns):
                    yield ctx.finding(resource, f"attaches the AWS-managed policy {arn}.")
