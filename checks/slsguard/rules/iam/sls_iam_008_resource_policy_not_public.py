from slsguard.gate.rule import Rule
from slsguard.gate.policy import Policy, is_public_principal
from slsguard.gate.values import is_pending
from slsguard.rules._shared import fenced_to_account, scoped_to_account

RULE = Rule(
    id="SLS-IAM-008",
    title="Resource policies grant no public principal without an account or organisation condition",
    severity="critical",
    rationale="A queue, topic, bus, key or function that allows Principal '*' without an account or "
              "organisation condition is open to every AWS account (kms:ViaService alone is not one: any "
              "account's principal can use the key through that service; nor is a negated or "
              "...IfExists condition, a ForAllValues one (true when the request lacks the key), one whose value "
              "is '*', or an ARN pattern over every account such as arn:aws:sns:eu-west-1:*:*). Deny statements "
              "are never findings.",
    remediation="Name the principals, or add an aws:SourceAccount / aws:SourceArn / aws:PrincipalOrgID "
                "condition; for aws_lambda_permission set source_account or source_arn; for "
                "aws_cloudwatch_event_permission name the account or add its aws:PrincipalOrgID condition.",
    references=("Security Hub SQS.3", "Security Hub SNS.4", "Security Hub Lambda.1",
                "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"),
    types=("aws_sqs_queue", "aws_sqs_queue_policy", "aws_sns_topic", "aws_sns_topic_policy", "aws_cloudwatch_event_bus_policy", "aws_kms_key", "aws_kms_key_policy", "aws_lambda_permission",
           "aws_cloudwatch_event_permission"),
    engine_note='public principals are judged together with their account or organisation conditions',
)



def evaluate(ctx):
    for use in (*ctx.facts.resource_policies, *ctx.facts.key_policies):
        if not isinstance(use.policy, Policy):
            continue
        for statement in use.policy.statements:
            if statement.allows and is_public_principal(statement) and not scoped_to_account(statement) \
                    and not fenced_to_account(use.policy, statement):
                yield ctx.finding(use.resource, f"{use.attribute} allows Principal '*' without an account or "
                                                "organisation condition.")
    for permission in ctx.model.of_type("aws_lambda_permission"):
        if permission.values.get("principal") != "*":
            continue
        scoped = any(permission.values.get(key) or permission.is_unknown(key)
                     for key in ("source_account", "source_arn", "principal_org_id"))
        if not scoped and not _declared_public_url(ctx, permission):
            yield ctx.finding(permission, "allows principal '*' to invoke the function without source_account, "
                                          "source_arn or principal_org_id.")
    for permission in ctx.model.of_type("aws_cloudwatch_event_permission"):
        problem = _bus_permission_problem(ctx, permission)
        if problem:
            yield ctx.finding(permission, problem)


def _declared_public_url(ctx, permission):
    """The permission a function URL without authorization needs (anyone may call the URL, and
    nothing else), for a function declared public in the gate config: SLS-API-004 judges the URL."""
    if permission.values.get("action") != "lambda:InvokeFunctionUrl" \
            or permission.values.get("function_url_auth_type") != "NONE":
        return False
    functions = ctx.facts.functions_named(permission, "function_name")
    declared = ctx.config["public_function_urls"]
    return bool(functions) and all(f.values.get("function_name") in declared for f in functions)


def _bus_permission_problem(ctx, permission):
    """A bus permission opens the bus to every account when its principal is '*' and no
    organisation condition (the only one the API takes) names an organisation."""
    principal = ctx.values.attribute(permission, "principal")
    if is_pending(principal):
        return f"{ctx.values.describe_missing(permission, 'principal')}, so who may put events cannot be judged."
    if principal != "*":
        return None
    conditions = ctx.values.attribute(permission, "condition")
    organisation = conditions[0].get("value") if isinstance(conditions, list) and conditions \
        and isinstance(conditions[0], dict) else None
    if is_pending(organisation):
        return (f"allows principal '*' to put events on the bus with an organisation condition known only at "
                f"apply ({ctx.values.describe_missing(permission, 'condition', 'value')}), so it cannot be judged.")
    if organisation == "*":
        return "allows principal '*' to put events on the bus with an organisation condition of '*' (any organisation)."
    if not organisation:
        return "allows principal '*' to put events on the bus without an organisation condition."
    return None
