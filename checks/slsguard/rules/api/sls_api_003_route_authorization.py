from slsguard.gate.wildcard import wildcard_match

from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-API-003",
    title="API routes require authorization unless declared public",
    severity="high",
    rationale="A route without an authorizer is callable by anyone on the internet.",
    remediation="Set authorization_type (JWT, AWS_IAM, CUSTOM) and authorizer_id, or list the route key "
                "in the gate config's public_routes when it is public by design.",
    references=("Security Hub APIGateway.8",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html"),
    types=("aws_apigatewayv2_route", "aws_api_gateway_method"),
    engine_note='public routes are declared in the slsguard config, which Checkov cannot read',
)


def _public(route_key, address, declared):
    return any(route_key == entry or wildcard_match(entry, address, case_sensitive=True) for entry in declared)


def evaluate(ctx):
    declared = ctx.config["public_routes"]
    for route in ctx.model.of_type("aws_apigatewayv2_route"):
        if _public(route.values.get("route_key"), route.address, declared):
            continue
        if route.is_unknown("authorization_type"):
            yield ctx.finding(route, f"{ctx.values.describe_missing(route, 'authorization_type')} and cannot be "
                                     "judged.")
        elif route.values.get("authorization_type") in (None, "NONE"):
            yield ctx.finding(route, f"route {route.values.get('route_key')!r} has no authorization.")
    for method in ctx.model.of_type("aws_api_gateway_method"):
        if method.values.get("authorization") == "NONE" and not _public(
                method.values.get("http_method"), method.address, declared):
            yield ctx.finding(method, "method has authorization NONE.")
