from slsguard.gate.rule import Rule
from slsguard.gate.values import Unknown, is_pending, resource_type_of

RULE = Rule(
    id="SLS-API-001",
    title="API Gateway stages set throttling",
    severity="medium",
    rationale="Without stage throttling a client burst goes straight to Lambda concurrency and "
              "downstream tables; the account default (10,000 rps) protects nothing. A REST stage is "
              "throttled as a whole only by method settings for method_path \"*/*\": settings for one "
              "method (\"items/POST\") leave every other method at the account default.",
    remediation="Set default_route_settings { throttling_burst_limit, throttling_rate_limit } on the "
                "aws_apigatewayv2_stage. REST: declare the stage as an aws_api_gateway_stage (not with the "
                "deployment's deprecated stage_name) and give it an aws_api_gateway_method_settings with "
                "method_path = \"*/*\" and settings { throttling_burst_limit, throttling_rate_limit } whose "
                "rest_api_id and stage_name are the stage's.",
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"),
    types=("aws_apigatewayv2_stage", "aws_api_gateway_stage", "aws_api_gateway_deployment",
           "aws_api_gateway_method_settings"),
    engine_note='the throttling limits of the route, stage and method settings must be read together',
)

LIMITS = ("throttling_burst_limit", "throttling_rate_limit")
# The method_path of method settings that apply to every method of the stage; any other path is
# one resource and method.
STAGE_WIDE = "*/*"
# What creates a REST stage: the stage resource, or a deployment given the deprecated stage_name
# (provider 5.x still creates that stage). Method settings apply to the stage of their rest_api_id
# and stage_name, whichever resource created it.
REST_STAGE_TYPES = ("aws_api_gateway_stage", "aws_api_gateway_deployment")


def _limits(ctx, resource, block):
    """True when both limits of ``block`` are positive, False when one is not, else the text saying
    which limit is unknown at plan time and how it is written."""
    for limit in LIMITS:
        value = ctx.values.attribute(resource, block, limit)
        if is_pending(value):
            return ctx.values.describe_missing(resource, block, limit)
        if not isinstance(value, (int, float)) or value <= 0:
            return False
    return True


def _rest_api(ctx, resource):
    """What ``resource.rest_api_id`` names: the ID when known, else the address of the
    aws_api_gateway_rest_api whose id it is, followed through another resource's rest_api_id (a
    for_each over the stages gives ``each.value.rest_api_id``); None when it traces to no one API."""
    value = ctx.values.attribute(resource, "rest_api_id")
    if isinstance(value, str):
        return value
    if type(value) is Unknown and len(value.sources) == 1:
        [(address, attribute)] = value.sources
        if resource_type_of(address) == "aws_api_gateway_rest_api" and attribute == "id":
            return address
        holder = ctx.model.by_address.get(address)
        # Itself: the plan alone, without the source, traces an unknown to the attribute it is.
        if holder is not None and holder is not resource and attribute == "rest_api_id":
            return _rest_api(ctx, holder)
    return None


def _settings_stages(ctx, settings, stages_by_name):
    """The REST stages a method settings instance applies to (the stage of its rest_api_id and
    stage_name), and why that cannot be traced if so."""
    api = _rest_api(ctx, settings)
    if api is None:
        return [], (f"{ctx.values.describe_missing(settings, 'rest_api_id')} and names no one "
                    "aws_api_gateway_rest_api")
    name = ctx.values.attribute(settings, "stage_name")
    if isinstance(name, str):
        return stages_by_name.get((api, name), []), None
    # A stage name known only at apply is still the name of the stage it is read from.
    if type(name) is Unknown and len(name.sources) == 1:
        [(address, attribute)] = name.sources
        stage = ctx.model.by_address.get(address)
        if stage is not None and stage.type in REST_STAGE_TYPES and attribute == "stage_name" \
                and _rest_api(ctx, stage) == api:
            return [stage], None
    return [], f"{ctx.values.describe_missing(settings, 'stage_name')} and cannot be traced to one stage of its API"


def _rest_stage_problem(ctx, linked):
    """Why none of the method settings that apply to a REST stage throttles all its methods (None:
    one does)."""
    unjudged, per_method = [], []
    for settings in linked:
        path = ctx.values.attribute(settings, "method_path")
        limits = _limits(ctx, settings, "settings")
        if is_pending(path):
            unjudged.append(f"{settings.address}: {ctx.values.describe_missing(settings, 'method_path')}")
        elif isinstance(limits, str):
            unjudged.append(f"{settings.address}: {limits}")
        elif limits and path == STAGE_WIDE:
            return None
        elif limits:
            per_method.append(f"{path} ({settings.address})")
    if unjudged:
        return f"whether its method settings throttle it cannot be judged ({'; '.join(unjudged)})."
    if per_method:
        return (f"method settings throttle only {', '.join(per_method)}: no aws_api_gateway_method_settings "
                f"with method_path \"{STAGE_WIDE}\" sets throttling limits for this stage, so its other "
                "methods run at the account default.")
    return "no aws_api_gateway_method_settings sets throttling limits for this stage."


def evaluate(ctx):
    for stage in ctx.model.of_type("aws_apigatewayv2_stage"):
        limits = _limits(ctx, stage, "default_route_settings")
        if limits is False:
            yield ctx.finding(stage, "default_route_settings has no positive throttling burst and rate limits.")
        elif limits is not True:
            yield ctx.finding(stage, f"{limits} and cannot be judged.")
    # A deployment without stage_name creates no stage.
    stages = [stage for stage in ctx.model.of_type(*REST_STAGE_TYPES)
              if ctx.values.attribute(stage, "stage_name") not in (None, "")]
    stages_by_name = {}  # (API, stage name) -> what creates that stage
    for stage in stages:
        key = (_rest_api(ctx, stage), ctx.values.attribute(stage, "stage_name"))
        stages_by_name.setdefault(key, []).append(stage)
    linked = {}  # stage address -> the method settings that apply to it
    for settings in ctx.model.of_type("aws_api_gateway_method_settings"):
        targets, untraced = _settings_stages(ctx, settings, stages_by_name)
        if untraced:
            yield ctx.finding(settings, f"{untraced}, so the stage it throttles cannot be judged.")
        for stage in targets:
            linked.setdefault(stage.address, []).append(settings)
    for stage in stages:
        problem = _rest_stage_problem(ctx, linked.get(stage.address, []))
        if problem and stage.type == "aws_api_gateway_deployment":
            yield ctx.finding(stage, f"creates the stage {ctx.values.attribute(stage, 'stage_name')!r} itself "
                                     f"(stage_name), outside any aws_api_gateway_stage: {problem}")
        elif problem:
            yield ctx.finding(stage, problem)
