"""What the three order functions share: structured logs with a correlation id, clients, config.

Configuration comes only from non-secret environment variables (names and URLs); credentials come
from the execution role.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import uuid
from typing import Any

import boto3
from botocore.exceptions import ClientError

CORRELATION_HEADER = "x-correlation-id"
EVENT_SOURCE = "orders.service"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, so CloudWatch Logs Insights can filter on any field."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "timestamp": round(record.created, 3),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is when a record is emitted (runtimes and tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


def logger(name: str) -> logging.Logger:
    log = logging.getLogger(name)
    if not log.handlers:
        handler = StdoutHandler()
        handler.setFormatter(JsonFormatter())
        log.addHandler(handler)
        log.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
        log.propagate = False
    return log


def log_event(log: logging.Logger, message: str, correlation_id: str, **fields: Any) -> None:
    log.info(message, extra={"fields": {"correlation_id": correlation_id, **fields}})


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def setting(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set")
    return value


def client(service: str) -> Any:
    return boto3.client(service)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def order_key(order_id: str) -> str:
    """The table's partition key of an order."""
    return f"ORDER#{order_id}"


def announce(order_id: str, customer_id: str, correlation_id: str) -> None:
    """Publish `OrderPlaced` to the orders bus; a rejected entry is an error, never a silent loss."""
    result = client("events").put_events(Entries=[{
        "Source": EVENT_SOURCE,
        "DetailType": "OrderPlaced",
        "EventBusName": setting("EVENT_BUS_NAME"),
        "Detail": json.dumps({"order_id": order_id, "customer_id": customer_id, "correlation_id": correlation_id}),
    }])
    if result.get("FailedEntryCount"):
        raise RuntimeError(f"EventBridge rejected the event: {result['Entries']}")


def mark_announced(pk: str) -> bool:
    """Record that the order's `OrderPlaced` went out; False when it already was recorded.

    Only an unannounced order is marked, so the first announcement's time is kept and a
    reconciliation racing the worker leaves the worker's mark in place.
    """
    try:
        client("dynamodb").update_item(
            TableName=setting("TABLE_NAME"),
            Key={"pk": {"S": pk}},
            UpdateExpression="SET announced_at = :now",
            ConditionExpression="attribute_exists(pk) AND attribute_not_exists(announced_at)",
            ExpressionAttributeValues={":now": {"S": now_iso()}},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True
