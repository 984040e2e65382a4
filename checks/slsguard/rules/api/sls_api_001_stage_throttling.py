from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-API-001",
    title="API Gateway stages set throttling",
    severity="medium",
    rationale="Without stage throttling a client burst goes straight to Lambda concurrency and "
              "downstream tables; the account default (10,000 rps) protects nothing.",
    remediation="Set default_route_settings { throttling_burst_limit, throttling_rate_limit } on the "
                "aws_apigatewayv2_stage (REST: aws_api_gateway_method_settings throttling_*).",
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html",),
    types=("aws_apigatewayv2_stage", "aws_api_gateway_stage", "aws_api_gateway_method_settings"),
    engine_note='the throttling limits of the route, stage and method settings must be read together',
)


def _limits_set(settings):
    return all(isinstance(settings.get(key), (int, float)) and settings.get(key) > 0
               for key in ("throttling_burst_limit", "throttling_rate_limit"))


def evaluate(ctx):
    for stage in ctx.model.of_type("aws_apigatewayv2_stage"):
        if not _limits_set(stage.block("default_route_settings")):
            yield ctx.finding(stage, "default_route_settings has no positive throttling burst and rate limits.")
    throttled = set()
    for settings in ctx.model.of_type("aws_api_gateway_method_settings"):
        if _limits_set(settings.block("settings")):
            throttled.update(t.address for t in ctx.model.references(settings, "stage_name"))
    for stage in ctx.model.of_type("aws_api_gateway_stage"):
        if stage.address not in throttled:
            yield ctx.finding(stage, "no aws_api_gateway_method_settings sets throttling limits for this stage.")
