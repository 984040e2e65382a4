from slsguard.gate.rule import Rule
from slsguard.gate.values import Unknown, is_pending
from slsguard.rules._shared import AWS_MANAGED_ALIAS, customer_key_problem

RULE = Rule(
    id="SLS-ENC-001",
    title="Queues, topics, tables and their replicas, log groups, event buses, state machines, schedules and functions with environment use customer keys",
    severity="high",
    rationale="A customer-managed KMS key puts access to the data under a key policy you control and "
              "audit; AWS-owned and AWS-managed keys cannot be restricted or revoked.",
    remediation="Create an aws_kms_key (rotation on, explicit policy) and reference its ARN from the "
                "resource's key attribute (a state machine: encryption_configuration with type "
                "CUSTOMER_MANAGED_KMS_KEY and kms_key_id; the step-function and schedule modules require "
                "one); give every DynamoDB replica block a kms_key_arn of a key in its region (e.g. an "
                "aws_kms_replica_key of a multi-Region key).",
    references=("Security Hub SQS.1", "Security Hub SNS.1", "Security Hub DynamoDB.?",
                "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk",
                "https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html",
                "https://docs.aws.amazon.com/scheduler/latest/UserGuide/encryption-rest.html"),
    types=("aws_sqs_queue", "aws_sns_topic", "aws_dynamodb_table", "aws_dynamodb_table_replica", "aws_cloudwatch_log_group",
           "aws_cloudwatch_event_bus", "aws_lambda_function", "aws_sfn_state_machine", "aws_scheduler_schedule"),
)

KEY_ATTRIBUTES = {
    "aws_sqs_queue": ("kms_master_key_id",),
    "aws_sns_topic": ("kms_master_key_id",),
    "aws_dynamodb_table": ("server_side_encryption", "kms_key_arn"),
    "aws_dynamodb_table_replica": ("kms_key_arn",),
    "aws_cloudwatch_log_group": ("kms_key_id",),
    "aws_cloudwatch_event_bus": ("kms_key_identifier",),
    "aws_lambda_function": ("kms_key_arn",),
    # Execution history and the definition (which names every resource the workflow reaches);
    # without the block, or with type AWS_OWNED_KEY, AWS's own key.
    "aws_sfn_state_machine": ("encryption_configuration", "kms_key_id"),
    # The target input, which often carries what the job needs to know.
    "aws_scheduler_schedule": ("kms_key_arn",),
}


def evaluate(ctx):
    for type_, path in KEY_ATTRIBUTES.items():
        for resource in ctx.model.of_type(type_):
            if type_ == "aws_lambda_function" and not _has_environment(resource):
                continue
            problem = (type_ == "aws_dynamodb_table" and _encryption_off(ctx, resource)) \
                or customer_key_problem(ctx, resource, *path)
            if problem:
                yield ctx.finding(resource, problem + ".")
    for table in ctx.model.of_type("aws_dynamodb_table"):
        for problem in _replica_problems(ctx, table):
            yield ctx.finding(table, problem + ".")


def _encryption_off(ctx, table):
    """The provider sends kms_key_arn only with enabled = true: with enabled = false (a module's
    default) the table uses the AWS-owned key whatever key is written."""
    enabled = ctx.values.attribute(table, "server_side_encryption", "enabled")
    if enabled is False:
        return "server_side_encryption.enabled is false, so the table uses the AWS-owned key and ignores kms_key_arn"
    if is_pending(enabled) and ctx.values.configured(table, "server_side_encryption", "enabled") is not False:
        return f"{ctx.values.describe_missing(table, 'server_side_encryption', 'enabled')}, so the key cannot be judged"
    return None


def _replica_problems(ctx, table):
    """Each replica encrypts with a key of its own region: a replica block without kms_key_arn gets
    the AWS-managed key, which the provider computes at apply (so Checkov's CKV_AWS_271 passes it
    in after-unknown mode: policies/checkov/after-unknown-audit.yaml)."""
    replicas = ctx.values.attribute(table, "replica")
    if not isinstance(replicas, list):
        return
    found = ctx.model.source(table)
    if found is not None:
        block = found[1]
        written = block.children("replica") + [content for dynamic in block.children("dynamic")
                                               if dynamic.labels == ("replica",) for content in dynamic.children("content")]
        for replica in written:
            if "kms_key_arn" not in replica.attributes:
                region = replica.texts.get("region_name", "?")
                yield f"the replica in {region} sets no kms_key_arn (it would use the AWS-managed key)"
        # Written, and null for some replicas: an optional key of a module's replica map left out.
        for replica, scope in ctx.values.blocks(table, "replica") or []:
            node = replica.attributes.get("kms_key_arn")
            if node is not None and ctx.values.value(node, scope) is None:
                region = ctx.values.value(replica.attributes["region_name"], scope) if "region_name" in replica.attributes else "?"
                region = region.describe() if isinstance(region, Unknown) else region
                yield (f"the replica in {region} sets kms_key_arn to null (`{replica.texts['kms_key_arn']}`), so it "
                       "would use the AWS-managed key")
    for replica in replicas:
        key = replica.get("kms_key_arn") if isinstance(replica, dict) else None
        region = replica.get("region_name") if isinstance(replica, dict) else "?"
        if isinstance(key, str) and (key.startswith(AWS_MANAGED_ALIAS) or ":alias/aws/" in key):
            yield f"the replica in {region} uses the AWS-managed key {key}"
        elif found is None and not isinstance(key, str):
            yield f"the key of the replica in {region} is unknown at plan time and the source is not available, so it cannot be judged"


def _has_environment(function):
    environment = function.block("environment")
    return bool(environment.get("variables")) or function.block_unknown("environment", "variables")
