"""Nightly reconciliation of the orders table, one page per invocation; the reconciliation state
machine calls it again while a page is left.

The worker stores an order, then announces it (`OrderPlaced`) and marks it `announced_at`. When
the announcement fails after the store, every redelivery finds the order already stored, so the
customer would never hear of it. This step finds the orders still PLACED and never announced
within the look-back window and announces them (at least once: a crash between announcing and
marking announces again next night, which the notifier tolerates).

The event and the result are the workflow's state::

    {"window": {"from": "<iso>", "to": "<iso>"}, "cursor": <LastEvaluatedKey>,
     "pages": 1, "scanned": 100, "reannounced": 0}

An empty state starts a run: its first page fixes the window, from LOOKBACK_HOURS ago to
STALE_AFTER_MINUTES ago (younger orders may still be in the worker's hands). "cursor" is absent
once the last page is done.
"""

from __future__ import annotations

import time
from typing import Any

import common

log = common.logger("orders.reconciler")
COUNTERS = ("pages", "scanned", "reannounced")


def _positive_setting(name: str) -> int:
    text = common.setting(name)
    if not text.isdigit() or int(text) < 1:
        raise RuntimeError(f"environment variable {name} must be a whole number of at least 1, not {text!r}")
    return int(text)


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _state(event: Any) -> dict[str, Any]:
    """The validated workflow state; anything else is an error that fails the execution."""
    if not isinstance(event, dict):
        raise ValueError(f"the reconciliation state must be an object, not {type(event).__name__}")
    unknown = sorted(set(event) - {"window", "cursor", *COUNTERS})
    if unknown:
        raise ValueError(f"unknown fields in the reconciliation state: {', '.join(unknown)}")
    for counter in COUNTERS:
        value = event.get(counter, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{counter} must be a whole number of at least 0, not {value!r}")
    window = event.get("window")
    if window is not None and not (isinstance(window, dict) and set(window) == {"from", "to"}
                                   and all(isinstance(window[edge], str) for edge in ("from", "to"))):
        raise ValueError(f"window must be {{\"from\": <iso time>, \"to\": <iso time>}}, not {window!r}")
    if "cursor" in event and window is None:
        raise ValueError("a cursor continues a run, so the state must also carry that run's window")
    return event


def handler(event: Any, context: Any = None) -> dict[str, Any]:
    state = _state(event)
    window = state.get("window")
    if window is None:
        now = time.time()
        window = {"from": _iso(now - 3600 * _positive_setting("LOOKBACK_HOURS")),
                  "to": _iso(now - 60 * _positive_setting("STALE_AFTER_MINUTES"))}
    request: dict[str, Any] = {
        "TableName": common.setting("TABLE_NAME"),
        "Limit": _positive_setting("PAGE_SIZE"),
        "FilterExpression": "#status = :placed AND attribute_not_exists(announced_at) AND received_at BETWEEN :from AND :to",
        "ExpressionAttributeNames": {"#status": "status"},
        "ExpressionAttributeValues": {":placed": {"S": "PLACED"}, ":from": {"S": window["from"]}, ":to": {"S": window["to"]}},
    }
    if state.get("cursor"):
        request["ExclusiveStartKey"] = state["cursor"]
    page = common.client("dynamodb").scan(**request)

    reannounced = 0
    for item in page.get("Items", []):
        order_id = item["pk"]["S"].removeprefix("ORDER#")
        # Orders stored before the worker kept correlation ids get a new one.
        correlation_id = item.get("correlation_id", {}).get("S") or common.new_correlation_id()
        common.announce(order_id, item["customer_id"]["S"], correlation_id)
        if common.mark_announced(item["pk"]["S"]):
            reannounced += 1
            common.log_event(log, "unannounced order announced", correlation_id, order_id=order_id,
                             received_at=item["received_at"]["S"])

    result = {"window": window, "pages": state.get("pages", 0) + 1,
              "scanned": state.get("scanned", 0) + page.get("ScannedCount", 0),
              "reannounced": state.get("reannounced", 0) + reannounced}
    if page.get("LastEvaluatedKey"):
        result["cursor"] = page["LastEvaluatedKey"]
    common.log_event(log, "reconciliation page done", getattr(context, "aws_request_id", None) or common.new_correlation_id(),
                     **{key: result[key] for key in COUNTERS}, more=bool(result.get("cursor")))
    return result
