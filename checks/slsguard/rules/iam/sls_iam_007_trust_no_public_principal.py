from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy, is_public_principal

RULE = Rule(
    id="SLS-IAM-007",
    title="Trust policies do not let any principal ('*') assume the role without conditions",
    severity="critical",
    rationale="A trust policy with Principal '*' or AWS '*' and no condition lets anyone in any AWS "
              "account assume the role.",
    remediation="Name the service or account principal that assumes the role; if '*' is unavoidable, add "
                "aws:PrincipalOrgID or aws:PrincipalAccount conditions.",
    references=("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",),
    types=("aws_iam_role",),
    engine_note='trust policies are judged together with their conditions',
)


def evaluate(ctx):
    for use in ctx.facts.trust_policies:
        if not isinstance(use.policy, Policy):
            continue
        for statement in use.policy.statements:
            if statement.allows and is_public_principal(statement) and not statement.conditions:
                yield ctx.finding(use.resource, "assume_role_policy lets any principal ('*') assume the role "
                                                "without a condition.")
