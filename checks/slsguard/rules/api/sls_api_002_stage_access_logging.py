from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-API-002",
    title="API Gateway stages write access logs",
    severity="medium",
    rationale="Access logs are the only record of who called which route with which result.",
    remediation="Set access_log_settings { destination_arn = aws_cloudwatch_log_group.api.arn, format = ... }; "
                "declare a REST stage as an aws_api_gateway_stage, not with the deployment's deprecated "
                "stage_name (that stage has no access log settings).",
    references=("Security Hub APIGateway.1",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html"),
    types=("aws_apigatewayv2_stage", "aws_api_gateway_stage", "aws_api_gateway_deployment"),
    engine_note="the gate judges REST and HTTP API stages alike; Checkov's CKV_AWS_76 (REST stages) merges into it",
)


def evaluate(ctx):
    for stage in ctx.model.of_type("aws_apigatewayv2_stage", "aws_api_gateway_stage"):
        settings = stage.block("access_log_settings")
        if not settings.get("destination_arn") and not stage.block_unknown("access_log_settings", "destination_arn"):
            yield ctx.finding(stage, "has no access_log_settings destination.")
    # A deployment given the deprecated stage_name creates that stage itself (provider 5.x), and no
    # argument of the deployment sets its access logs.
    for deployment in ctx.model.of_type("aws_api_gateway_deployment"):
        name = ctx.values.attribute(deployment, "stage_name")
        if name not in (None, ""):
            yield ctx.finding(deployment, f"creates the stage {name!r} itself (stage_name), outside any "
                                          "aws_api_gateway_stage: that stage has no access_log_settings destination.")
