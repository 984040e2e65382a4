from slsguard.gate.rule import Rule

RULE = Rule(
    id="SLS-API-002",
    title="API Gateway stages write access logs",
    severity="medium",
    rationale="Access logs are the only record of who called which route with which result.",
    remediation="Set access_log_settings { destination_arn = aws_cloudwatch_log_group.api.arn, format = ... }.",
    references=("Security Hub APIGateway.1",
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html"),
    types=("aws_apigatewayv2_stage", "aws_api_gateway_stage"),
    engine_note="the gate judges REST and HTTP API stages alike; Checkov's CKV_AWS_76 (REST stages) merges into it",
)


def evaluate(ctx):
    for stage in ctx.model.of_type("aws_apigatewayv2_stage", "aws_api_gateway_stage"):
        settings = stage.block("access_log_settings")
        if not settings.get("destination_arn") and not stage.block_unknown("access_log_settings", "destination_arn"):
            yield ctx.finding(stage, "has no access_log_settings destination.")
