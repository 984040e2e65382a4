"""EventBridge target for `OrderPlaced`, invoked asynchronously.

Raising is deliberate: a failed notification is retried by Lambda and then sent to the function's
on-failure destination, where it can be inspected and replayed.
"""

from __future__ import annotations

from typing import Any

import common

log = common.logger("orders.notifier")


def handler(event: dict[str, Any], context: Any = None) -> dict[str, str]:
    if event.get("detail-type") != "OrderPlaced":
        raise ValueError(f"unexpected event type {event.get('detail-type')!r}")
    detail = event.get("detail") or {}
    order_id, correlation_id = detail.get("order_id"), detail.get("correlation_id")
    if not order_id or not correlation_id:
        raise ValueError("OrderPlaced event lacks order_id or correlation_id")
    common.log_event(log, "customer notified", correlation_id, order_id=order_id,
                     customer_id=detail.get("customer_id"))
    return {"order_id": order_id, "status": "notified"}
