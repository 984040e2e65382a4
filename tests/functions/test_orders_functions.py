"""Unit tests of the reference service's handlers against moto's in-process AWS mock."""

from __future__ import annotations

import importlib
import json
import sys
import uuid

import boto3
import pytest
from moto import mock_aws

from harness import REPO

SOURCE = REPO / "envs" / "orders-service" / "functions" / "orders"
REGION = "eu-west-1"


@pytest.fixture
def service(monkeypatch):
    """Queue, table and bus in a mocked account, and the handler modules wired to them."""
    for key in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.syspath_prepend(str(SOURCE))
    with mock_aws():
        queue_url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="work")["QueueUrl"]
        boto3.client("dynamodb", region_name=REGION).create_table(
            TableName="orders", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        )
        boto3.client("events", region_name=REGION).create_event_bus(Name="orders")
        monkeypatch.setenv("QUEUE_URL", queue_url)
        monkeypatch.setenv("TABLE_NAME", "orders")
        monkeypatch.setenv("EVENT_BUS_NAME", "orders")
        modules = {name: importlib.reload(importlib.import_module(name)) if name in sys.modules
                   else importlib.import_module(name) for name in ("common", "api", "worker", "notifier")}
        yield modules, queue_url


def post(api, body, key="key-123456", correlation="corr-1"):
    return api.handler({"routeKey": "POST /orders", "body": json.dumps(body),
                        "headers": {"Idempotency-Key": key, "X-Correlation-Id": correlation}})


ORDER = {"customer_id": "c-1", "items": [{"sku": "book", "quantity": 2}]}


def received(queue_url):
    messages = boto3.client("sqs", region_name=REGION).receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    return [{"messageId": m["MessageId"], "body": m["Body"]} for m in messages]


def test_post_queues_the_order_with_its_correlation_id(service):
    modules, queue_url = service
    response = post(modules["api"], ORDER)
    assert response["statusCode"] == 202
    assert response["headers"]["x-correlation-id"] == "corr-1"
    (record,) = received(queue_url)
    message = json.loads(record["body"])
    assert message["order_id"] == json.loads(response["body"])["order_id"]
    assert message["correlation_id"] == "corr-1"
    assert message["items"] == ORDER["items"]


def test_same_idempotency_key_names_the_same_order(service):
    modules, _ = service
    first = json.loads(post(modules["api"], ORDER)["body"])["order_id"]
    again = json.loads(post(modules["api"], ORDER)["body"])["order_id"]
    other = json.loads(post(modules["api"], ORDER, key="another-key")["body"])["order_id"]
    assert first == again != other


@pytest.mark.parametrize("body, reason", [
    ({"items": [{"sku": "a", "quantity": 1}]}, "customer_id"),
    ({"customer_id": "c", "items": []}, "items"),
    ({"customer_id": "c", "items": [{"sku": "a", "quantity": 0}]}, "quantity"),
    ({"customer_id": "c", "items": [{"sku": "a", "quantity": True}]}, "quantity"),
    ({"customer_id": "c", "items": [{"quantity": 1}]}, "sku"),
    ([], "JSON object"),
])
def test_post_rejects_invalid_orders(service, body, reason):
    modules, queue_url = service
    response = post(modules["api"], body)
    assert response["statusCode"] == 400
    assert reason in json.loads(response["body"])["message"]
    assert "Messages" not in boto3.client("sqs", region_name=REGION).receive_message(QueueUrl=queue_url)


def test_post_requires_an_idempotency_key_and_json(service):
    modules, _ = service
    assert post(modules["api"], ORDER, key="")["statusCode"] == 400
    response = modules["api"].handler({"routeKey": "POST /orders", "body": "{not json",
                                       "headers": {"Idempotency-Key": "key-123456"}})
    assert json.loads(response["body"])["message"] == "the body is not valid JSON"


def test_worker_stores_once_and_announces_once(service):
    modules, queue_url = service
    post(modules["api"], ORDER)
    records = received(queue_url)
    assert modules["worker"].handler({"Records": records}) == {"batchItemFailures": []}
    # A redelivery of the same message must not store or announce the order twice.
    assert modules["worker"].handler({"Records": records}) == {"batchItemFailures": []}
    order_id = json.loads(records[0]["body"])["order_id"]
    read = modules["api"].handler({"routeKey": "GET /orders/{id}", "pathParameters": {"id": order_id}})
    assert read["statusCode"] == 200
    assert json.loads(read["body"]) == {"order_id": order_id, "status": "PLACED", "customer_id": "c-1"}


def test_worker_reports_only_the_failed_message(service):
    modules, queue_url = service
    post(modules["api"], ORDER)
    good = received(queue_url)[0]
    bad = {"messageId": "broken-1", "body": json.dumps({"order_id": "x"})}
    result = modules["worker"].handler({"Records": [good, bad]})
    assert result == {"batchItemFailures": [{"itemIdentifier": "broken-1"}]}


def test_get_unknown_and_malformed_ids(service):
    modules, _ = service
    missing = modules["api"].handler({"routeKey": "GET /orders/{id}", "pathParameters": {"id": str(uuid.uuid4())}})
    assert missing["statusCode"] == 404
    malformed = modules["api"].handler({"routeKey": "GET /orders/{id}", "pathParameters": {"id": "nope"}})
    assert malformed["statusCode"] == 400


def test_notifier_accepts_order_placed_and_rejects_others(service, capsys):
    modules, _ = service
    event = {"detail-type": "OrderPlaced", "detail": {"order_id": "o-1", "correlation_id": "corr-9", "customer_id": "c"}}
    assert modules["notifier"].handler(event) == {"order_id": "o-1", "status": "notified"}
    logged = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert logged["correlation_id"] == "corr-9" and logged["message"] == "customer notified"
    with pytest.raises(ValueError):
        modules["notifier"].handler({"detail-type": "OrderCancelled", "detail": {}})
    with pytest.raises(ValueError):
        modules["notifier"].handler({"detail-type": "OrderPlaced", "detail": {"order_id": "o-1"}})
