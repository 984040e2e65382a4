import re

from slsguard.gate.policy import Policy
from slsguard.gate.rule import Rule
from slsguard.gate.values import Partial, Unknown, walk
from slsguard.rules._shared import condition_values

RULE = Rule(
    id="SLS-IAM-010",
    title="GitHub Actions OIDC trust is scoped to named repositories",
    severity="critical",
    rationale="token.actions.githubusercontent.com issues tokens to every workflow of every GitHub "
              "repository: a web-identity trust without a token.actions.githubusercontent.com:sub "
              "condition naming the owner and repository (no wildcard in either) lets any GitHub user's "
              "workflow assume the role.",
    remediation="Add a StringEquals (or StringLike) condition on token.actions.githubusercontent.com:sub "
                "with values such as \"repo:my-org/my-repo:ref:refs/heads/main\" or "
                "\"repo:my-org/my-repo:environment:prod\"; the owner and repository must be literal.",
    references=("https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub"),
    types=("aws_iam_role",),
    engine_note="follows the Federated principal to the aws_iam_openid_connect_provider it names and "
                "reads the sub condition's repositories (Checkov's CKV_AWS_358 and CKV_AWS_393 merge into it)",
)

ISSUER = "token.actions.githubusercontent.com"
SUB = f"{ISSUER}:sub"
# An enterprise's own issuer (token.actions.githubusercontent.com/<enterprise>) names its keys after
# itself: token.actions.githubusercontent.com/<enterprise>:sub.
SUB_KEY = re.compile(r"token\.actions\.githubusercontent\.com(?:/[^:]+)?:sub")
PROVIDERS = ("aws_iam_openid_connect_provider",)
# repo:<owner>/<repository>[:<ref, environment, pull_request...>] with a literal owner and repository.
NAMED_REPOSITORY = re.compile(r"repo:[^/*?]+/[^:*?]+(:.*)?")


def _names_github(ctx, identifier, holder):
    """Whether a Federated identifier is GitHub's issuer: in the ARN text, or through the
    openid connect provider it references."""
    texts = [part for part in walk(identifier) if isinstance(part, str)]
    if any(ISSUER in text for text in texts):
        return True
    if isinstance(identifier, Unknown) and not isinstance(identifier, Partial):
        link = ctx.facts.link_value(identifier, PROVIDERS, holder)
        return any(ISSUER in str(provider.values.get("url") or "") for provider in link.targets)
    return False


def _github_statement(ctx, statement, holder):
    if any(key.lower().startswith((f"{ISSUER}:", f"{ISSUER}/")) for key in _condition_keys(statement)):
        return True
    return any(_names_github(ctx, identifier, holder)
               for identifier in (statement.principals or {}).get("Federated", []))


def _condition_keys(statement):
    return {key.lower() for body in (statement.conditions or {}).values() if isinstance(body, dict)
            for key in body if isinstance(key, str)}


def evaluate(ctx):
    for use in ctx.facts.trust_policies:
        if not isinstance(use.policy, Policy):
            continue
        for statement in use.policy.statements:
            if not statement.allows or not _github_statement(ctx, statement, use.resource):
                continue
            subjects = [(key, subject) for key in sorted(_condition_keys(statement)) if SUB_KEY.fullmatch(key)
                        for subject in condition_values(statement, key)]
            if not subjects:
                yield ctx.finding(use.resource, f"assume_role_policy trusts GitHub Actions OIDC without a {SUB} "
                                                "condition: every GitHub repository's workflows can assume the role.")
                continue
            for key, subject in subjects:
                if isinstance(subject, Unknown):
                    yield ctx.finding(use.resource, f"assume_role_policy's {key} condition is {subject.describe()}, "
                                                    "known only after apply, so the repositories it admits cannot be judged.")
                elif not isinstance(subject, str) or not NAMED_REPOSITORY.fullmatch(subject):
                    yield ctx.finding(use.resource, f"assume_role_policy's {key} condition admits {subject!r}: the "
                                                    "owner and repository must be named without wildcards.")
