from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy, is_public_principal
from slsguard.rules._shared import scoped_to_account

RULE = Rule(
    id="SLS-IAM-007",
    title="Trust policies let a public principal ('*') assume the role only within an account or organisation",
    severity="critical",
    rationale="A trust policy with Principal '*' or AWS '*' lets anyone in any AWS account assume the role "
              "unless a condition confines the caller to an account or organisation; any other condition "
              "(MFA, source IP, a tag, an ...IfExists, ForAllValues or negated operator, an ARN pattern "
              "over every account) still admits every account.",
    remediation="Name the service or account principal that assumes the role; if '*' is unavoidable, add an "
                "aws:PrincipalOrgID or aws:PrincipalAccount condition (StringEquals, named values).",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"),
    types=("aws_iam_role",),
    engine_note='trust policies are judged together with what their conditions confine',
)


def evaluate(ctx):
    for use in ctx.facts.trust_policies:
        if not isinstance(use.policy, Policy):
            continue
        for statement in use.policy.statements:
            if statement.allows and is_public_principal(statement) and not scoped_to_account(statement):
                condition = "with conditions that confine it to no account or organisation" \
                    if statement.conditions else "without a condition"
                yield ctx.finding(use.resource, f"assume_role_policy lets any principal ('*') assume the role "
                                                f"{condition}.")
