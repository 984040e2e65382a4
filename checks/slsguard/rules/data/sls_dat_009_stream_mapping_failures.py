from slsguard.gate.rule import Rule
from slsguard.gate.values import is_pending
from slsguard.rules._shared import PENDING_BLOCK, blocks_pending

RULE = Rule(
    id="SLS-DAT-009",
    title="Stream event source mappings bound their retries, split failing batches and keep failed records",
    severity="high",
    rationale="A DynamoDB Streams or Kinesis mapping retries a failing batch until its records expire "
              "(a day for DynamoDB, up to a year for Kinesis) and holds its shard meanwhile; then the "
              "records are gone unless an on-failure destination keeps them. Bisecting the batch and "
              "reporting batch item failures retry only the records that fail.",
    remediation="Set destination_config { on_failure { destination_arn = aws_sqs_queue.dlq.arn } }, "
                "maximum_retry_attempts (e.g. 5), maximum_record_age_in_seconds (e.g. 3600), "
                'bisect_batch_on_function_error = true and function_response_types = ["ReportBatchItemFailures"] '
                "(and return batchItemFailures from the handler).",
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html",
                "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html",
                "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html"),
    types=("aws_lambda_event_source_mapping",),
    engine_note="tells a stream mapping from the stream its source ARN comes from (or its starting position) "
                "and reads -1 and unset limits as infinite",
)

STREAM_TYPES = ("aws_dynamodb_table", "aws_kinesis_stream")
# Mappings that read a position in a log but are no DynamoDB/Kinesis stream (Kafka, DocumentDB).
OTHER_POSITIONED = ("topics", "self_managed_event_source", "amazon_managed_kafka_event_source_config",
                    "document_db_event_source_config")
INFINITE = -1


def evaluate(ctx):
    for mapping in ctx.model.of_type("aws_lambda_event_source_mapping"):
        if _is_stream(ctx, mapping):
            yield from (ctx.finding(mapping, problem) for problem in _problems(ctx, mapping))


def _is_stream(ctx, mapping):
    if ctx.facts.link(mapping, "event_source_arn", types=STREAM_TYPES).targets:
        return True
    source = ctx.values.attribute(mapping, "event_source_arn")
    if isinstance(source, str) and (":kinesis:" in source or (":dynamodb:" in source and "/stream/" in source)):
        return True
    # Only stream, Kafka and DocumentDB sources take a starting position (SQS refuses one). The
    # provider computes amazon_managed_kafka_event_source_config for every mapping: only a known
    # value tells Kafka or DocumentDB.
    others = (ctx.values.attribute(mapping, name) for name in OTHER_POSITIONED)
    return ctx.values.attribute(mapping, "starting_position") is not None and \
        not any(value and not is_pending(value) for value in others)


def _problems(ctx, mapping):
    if blocks_pending(ctx, mapping, "destination_config") or blocks_pending(ctx, mapping, "destination_config", "on_failure"):
        yield f"is a stream mapping whose on-failure destination {PENDING_BLOCK}."
    elif ctx.values.attribute(mapping, "destination_config", "on_failure", "destination_arn") is None \
            and not mapping.block_unknown("destination_config", "on_failure"):
        yield "is a stream mapping without an on-failure destination " \
              "(destination_config.on_failure.destination_arn): records that exhaust their retries are lost."
    for name, meaning in (("maximum_retry_attempts", "retries a failing batch until its records expire"),
                          ("maximum_record_age_in_seconds", "keeps retrying records of any age")):
        value = _limit(ctx, mapping, name)
        if value is None or value == INFINITE:
            shown = "is not set" if value is None else "is -1"
            yield f"{meaning}: {name} {shown} (infinite); set a finite limit."
        elif not isinstance(value, int):
            yield f"{ctx.values.describe_missing(mapping, name)} and cannot be judged."
    bisect = ctx.values.attribute(mapping, "bisect_batch_on_function_error")
    if is_pending(bisect):
        yield f"{ctx.values.describe_missing(mapping, 'bisect_batch_on_function_error')} and cannot be judged."
    elif bisect is not True:
        yield "does not split a failing batch (bisect_batch_on_function_error is not true)."
    types = ctx.values.attribute(mapping, "function_response_types")
    if is_pending(types):
        yield f"{ctx.values.describe_missing(mapping, 'function_response_types')} and cannot be judged."
    elif "ReportBatchItemFailures" not in (types or []):
        yield 'does not report batch item failures (function_response_types = ["ReportBatchItemFailures"]).'


def _limit(ctx, mapping, name):
    """The limit as written or planned; None when not set (the provider computes -1, infinite)."""
    value = ctx.values.attribute(mapping, name)
    if is_pending(value) and ctx.values.configured(mapping, name) is False:
        return None
    return value
