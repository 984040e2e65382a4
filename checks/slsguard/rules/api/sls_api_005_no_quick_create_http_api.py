from slsguard.gate.rule import Rule
from slsguard.gate.values import Unknown, is_pending

RULE = Rule(
    id="SLS-API-005",
    title="HTTP APIs declare their routes and stages (no quick-create form)",
    severity="high",
    rationale="An aws_apigatewayv2_api with target (quick create) makes an implicit route and $default "
              "stage outside the configuration: the route has no authorizer and the stage no throttling "
              "or access logs, and no route or stage rule can see them.",
    remediation="Drop target, route_key and credentials_arn from the aws_apigatewayv2_api and declare "
                "aws_apigatewayv2_integration, aws_apigatewayv2_route (with an authorizer) and "
                "aws_apigatewayv2_stage (throttling, access logs), as the http-api module does.",
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop.html#http-api-examples.cli.quick-create",
                "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_api#target-1"),
    types=("aws_apigatewayv2_api",),
    engine_note="the implicit route and stage exist in no plan; the finding is on the API itself",
)

QUICK_CREATE = ("target", "route_key", "credentials_arn")


def evaluate(ctx):
    for api in ctx.model.of_type("aws_apigatewayv2_api"):
        written, unjudged = [], []
        for name in QUICK_CREATE:
            value = ctx.values.attribute(api, name)
            # An unknown traced to resources is their ARN or name, never null: set. One from no
            # resource (a condition known only at apply with a null branch) may be null.
            if isinstance(value, Unknown) and value.traced or isinstance(value, str) and value:
                written.append(name)
            elif is_pending(value):
                unjudged.append(ctx.values.describe_missing(api, name))
        if written:
            yield ctx.finding(api, f"is created in quick-create form ({', '.join(written)} set): its implicit "
                                   "route has no authorization and its $default stage no throttling or access "
                                   "logs.")
        elif unjudged:
            yield ctx.finding(api, f"{'; '.join(unjudged)}, so whether it is created in quick-create form cannot "
                                   "be judged.")
