from slsguard.gate.rule import Rule
from slsguard.rules._shared import customer_key_problem

RULE = Rule(
    id="SLS-ENC-001",
    title="Queues, topics, tables, log groups, event buses and functions with environment use customer keys",
    severity="high",
    rationale="A customer-managed KMS key puts access to the data under a key policy you control and "
              "audit; AWS-owned and AWS-managed keys cannot be restricted or revoked.",
    remediation="Create an aws_kms_key (rotation on, explicit policy) and reference its ARN from the "
                "resource's key attribute.",
    references=("Security Hub SQS.1", "Security Hub SNS.1", "Security Hub DynamoDB.?",
                "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk"),
    types=("aws_sqs_queue", "aws_sns_topic", "aws_dynamodb_table", "aws_cloudwatch_log_group", "aws_cloudwatch_event_bus", "aws_lambda_function"),
)

KEY_ATTRIBUTES = {
    "aws_sqs_queue": ("kms_master_key_id",),
    "aws_sns_topic": ("kms_master_key_id",),
    "aws_dynamodb_table": ("server_side_encryption", "kms_key_arn"),
    "aws_cloudwatch_log_group": ("kms_key_id",),
    "aws_cloudwatch_event_bus": ("kms_key_identifier",),
    "aws_lambda_function": ("kms_key_arn",),
}


def evaluate(ctx):
    for type_, path in KEY_ATTRIBUTES.items():
        for resource in ctx.model.of_type(type_):
            if type_ == "aws_lambda_function" and not _has_environment(resource):
                continue
            problem = customer_key_problem(ctx, resource, *path)
            if problem:
                yield ctx.finding(resource, problem + ".")


def _has_environment(function):
    environment = function.block("environment")
    return bool(environment.get("variables")) or function.block_unknown("environment", "variables")
