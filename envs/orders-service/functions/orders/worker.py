"""SQS consumer: stores each order once (conditional put), announces it with `OrderPlaced` and
marks it announced.

Failures are reported per message (`batchItemFailures`), so one bad message is retried (and
eventually dead-lettered) without re-processing the rest of the batch. An order stored whose
announcement then failed is found again by its redelivery only as "already stored"; the nightly
reconciliation (reconciler.py) announces the orders left without `announced_at`.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

import common

log = common.logger("orders.worker")


def _store(order: dict[str, Any]) -> bool:
    """True when this call stored the order; False when an earlier delivery already had."""
    try:
        common.client("dynamodb").put_item(
            TableName=common.setting("TABLE_NAME"),
            Item={
                "pk": {"S": common.order_key(order["order_id"])},
                "customer_id": {"S": order["customer_id"]},
                "status": {"S": "PLACED"},
                "items": {"S": json.dumps(order["items"])},
                "received_at": {"S": order["received_at"]},
                # Kept so a late announcement by the reconciliation still traces to the request.
                "correlation_id": {"S": order["correlation_id"]},
            },
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


def process(record: dict[str, Any]) -> None:
    order = json.loads(record["body"])
    for field in ("order_id", "correlation_id", "customer_id", "items", "received_at"):
        if field not in order:
            raise ValueError(f"message lacks {field}")
    stored = _store(order)
    if stored:
        common.announce(order["order_id"], order["customer_id"], order["correlation_id"])
        common.mark_announced(common.order_key(order["order_id"]))
    common.log_event(log, "order stored" if stored else "duplicate delivery ignored",
                     order["correlation_id"], order_id=order["order_id"])


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    failures = []
    for record in event.get("Records", []):
        try:
            process(record)
        except Exception as error:  # noqa: BLE001 - any failure of one message is reported, not raised
            log.error("message failed", exc_info=error,
                      extra={"fields": {"message_id": record.get("messageId"), "correlation_id": "unknown"}})
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
