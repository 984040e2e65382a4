from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-IAM-009",
    title="Lambda permissions for a service principal carry source_arn (source_account for S3)",
    severity="high",
    rationale="Without a source, any resource of that service in any account can invoke the function "
              "(the confused-deputy problem).",
    remediation="Set source_arn to the rule, API, topic or bucket ARN; for s3.amazonaws.com set "
                "source_account as well or instead.",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",),
    types=("aws_lambda_permission",),
    engine_note='the required source key depends on the service principal',
)


def _set(resource, key):
    return bool(resource.values.get(key)) or resource.is_unknown(key)


def evaluate(ctx):
    for permission in ctx.model.of_type("aws_lambda_permission"):
        principal = permission.values.get("principal")
        if not isinstance(principal, str) or not principal.endswith(".amazonaws.com"):
            continue
        if principal == "s3.amazonaws.com":
            if not (_set(permission, "source_account") or _set(permission, "source_arn")):
                yield ctx.finding(permission, "grants s3.amazonaws.com without source_account or source_arn.")
        elif not _set(permission, "source_arn"):
            yield ctx.finding(permission, f"grants {principal} without source_arn.")
