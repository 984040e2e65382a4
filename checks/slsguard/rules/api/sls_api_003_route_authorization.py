from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending
from slsguard.gate.wildcard import wildcard_match

RULE = Rule(
    id="SLS-API-003",
    title="API routes require authorization unless declared public",
    severity="high",
    rationale="A route without an authorizer is callable by anyone on the internet. A WebSocket API "
              "authorizes once, on its $connect route (API Gateway accepts authorization there only): its "
              "other routes are judged by that route, and without one every connection is accepted.",
    remediation="Set authorization_type (JWT, AWS_IAM, CUSTOM) and authorizer_id (WebSocket: on the $connect "
                "route), or list the route key in the gate config's public_routes when it is public by design.",
    references=("Security Hub APIGateway.8",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html"),
    types=("aws_apigatewayv2_route", "aws_api_gateway_method", "aws_apigatewayv2_api"),
    engine_note='public routes are declared in the slsguard config, which Checkov cannot read',
)


# Authorization of a WebSocket API is checked once, when the client connects: API Gateway accepts it
# on the $connect route only, and every other route of the connection is as authorized as that.
CONNECT = "$connect"


def _public(route_key, address, declared):
    return any(route_key == entry or wildcard_match(entry, address, case_sensitive=True) for entry in declared)


def _websocket_api(ctx, route):
    """The WEBSOCKET aws_apigatewayv2_api of this plan the route belongs to (None: an HTTP API's
    route, or one whose API is not in this plan)."""
    for api in ctx.facts.link(route, "api_id", types=("aws_apigatewayv2_api",)):
        if ctx.values.attribute(api, "protocol_type") == "WEBSOCKET":
            return api
    return None


def _open(ctx, resource, attribute, message):
    """``message`` when ``attribute`` leaves the route or method open, why it cannot be judged when
    it is unknown at plan time, None when it authorizes."""
    kind = ctx.values.attribute(resource, attribute)
    if is_pending(kind):
        return f"{ctx.values.describe_missing(resource, attribute)} and cannot be judged."
    return message if kind in (None, "NONE") else None


def evaluate(ctx):
    declared = ctx.config["public_routes"]
    routes = list(ctx.model.of_type("aws_apigatewayv2_route"))
    connected = {api.address for route in routes if route.values.get("route_key") == CONNECT
                 for api in ctx.facts.link(route, "api_id", types=("aws_apigatewayv2_api",))}
    for route in routes:
        route_key = route.values.get("route_key")
        if _public(route_key, route.address, declared):
            continue
        api = _websocket_api(ctx, route)
        if api is not None and route_key != CONNECT:
            if api.address not in connected:
                yield ctx.finding(route, f"route {route_key!r} belongs to the WebSocket API {api.address}, which "
                                         f"has no {CONNECT} route: connections are not authorized.")
            continue
        message = _open(ctx, route, "authorization_type", f"route {route_key!r} has no authorization.")
        if message:
            yield ctx.finding(route, message)
    for method in ctx.model.of_type("aws_api_gateway_method"):
        if not _public(method.values.get("http_method"), method.address, declared):
            message = _open(ctx, method, "authorization", "method has authorization NONE.")
            if message:
                yield ctx.finding(method, message)
