"""HTTP API handler (payload format 2.0): `POST /orders` accepts an order, `GET /orders/{id}` reads one.

POST never writes the table itself: it validates, derives the order id from the client's
`Idempotency-Key` (so a retried request names the same order) and queues the order for the worker.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import common

log = common.logger("orders.api")
ORDER_NAMESPACE = uuid.UUID("6f1c2a8e-3f4b-4c8a-9a51-0d7c1e2b9f10")
MAX_ITEMS = 50


class BadRequest(Exception):
    pass


def _response(status: int, body: dict[str, Any], correlation_id: str) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json", common.CORRELATION_HEADER: correlation_id},
        "body": json.dumps(body),
    }


def validate_order(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise BadRequest("the body must be a JSON object")
    customer_id = payload.get("customer_id")
    if not isinstance(customer_id, str) or not 1 <= len(customer_id) <= 64:
        raise BadRequest("customer_id must be a string of 1 to 64 characters")
    items = payload.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        raise BadRequest(f"items must be a list of 1 to {MAX_ITEMS} entries")
    clean_items = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise BadRequest(f"items[{index}] must be an object")
        sku, quantity = item.get("sku"), item.get("quantity")
        if not isinstance(sku, str) or not sku:
            raise BadRequest(f"items[{index}].sku must be a non-empty string")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 1000:
            raise BadRequest(f"items[{index}].quantity must be an integer from 1 to 1000")
        clean_items.append({"sku": sku, "quantity": quantity})
    return {"customer_id": customer_id, "items": clean_items}


def _create(event: dict[str, Any], correlation_id: str) -> dict[str, Any]:
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    idempotency_key = headers.get("idempotency-key", "")
    if not 8 <= len(idempotency_key) <= 128:
        raise BadRequest("the Idempotency-Key header (8 to 128 characters) is required")
    try:
        order = validate_order(json.loads(event.get("body") or ""))
    except json.JSONDecodeError as error:
        raise BadRequest("the body is not valid JSON") from error
    order_id = str(uuid.uuid5(ORDER_NAMESPACE, f"{order['customer_id']}:{idempotency_key}"))
    message = {"order_id": order_id, "correlation_id": correlation_id, "received_at": common.now_iso(), **order}
    common.client("sqs").send_message(QueueUrl=common.setting("QUEUE_URL"), MessageBody=json.dumps(message))
    common.log_event(log, "order accepted", correlation_id, order_id=order_id, items=len(order["items"]))
    return _response(202, {"order_id": order_id, "status": "accepted"}, correlation_id)


def _read(order_id: str, correlation_id: str) -> dict[str, Any]:
    try:
        uuid.UUID(order_id)
    except ValueError as error:
        raise BadRequest("the order id must be a UUID") from error
    item = common.client("dynamodb").get_item(
        TableName=common.setting("TABLE_NAME"), Key={"pk": {"S": common.order_key(order_id)}}, ConsistentRead=True,
    ).get("Item")
    if item is None:
        return _response(404, {"message": "order not found"}, correlation_id)
    return _response(200, {"order_id": order_id, "status": item["status"]["S"],
                           "customer_id": item["customer_id"]["S"]}, correlation_id)


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    correlation_id = headers.get(common.CORRELATION_HEADER) or common.new_correlation_id()
    route = event.get("routeKey", "")
    try:
        if route == "POST /orders":
            return _create(event, correlation_id)
        if route == "GET /orders/{id}":
            return _read((event.get("pathParameters") or {}).get("id", ""), correlation_id)
        return _response(404, {"message": f"no route {route}"}, correlation_id)
    except BadRequest as error:
        common.log_event(log, "request rejected", correlation_id, reason=str(error))
        return _response(400, {"message": str(error)}, correlation_id)
