"""Unit tests of the reference service's handlers against moto's in-process AWS mock."""

from __future__ import annotations

import importlib
import json
import sys
import time
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
        monkeypatch.setenv("LOOKBACK_HOURS", "48")
        monkeypatch.setenv("STALE_AFTER_MINUTES", "30")
        monkeypatch.setenv("PAGE_SIZE", "100")
        monkeypatch.setenv("TABLE_NAME", "orders")
        monkeypatch.setenv("EVENT_BUS_NAME", "orders")
        modules = {name: importlib.reload(importlib.import_module(name)) if name in sys.modules
                   else importlib.import_module(name) for name in ("common", "api", "worker", "notifier", "reconciler")}
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
    item = stored_item(order_id)
    assert item["correlation_id"] == {"S": "corr-1"}
    assert "announced_at" in item


def stored_item(order_id):
    return boto3.client("dynamodb", region_name=REGION).get_item(
        TableName="orders", Key={"pk": {"S": f"ORDER#{order_id}"}})["Item"]


def announcements():
    """What the orders bus delivered: a rule forwards every OrderPlaced to a queue, read here."""
    sqs, events = boto3.client("sqs", region_name=REGION), boto3.client("events", region_name=REGION)
    url = sqs.create_queue(QueueName="announced")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="all-placed", EventBusName="orders",
                    EventPattern=json.dumps({"source": ["orders.service"], "detail-type": ["OrderPlaced"]}))
    events.put_targets(Rule="all-placed", EventBusName="orders", Targets=[{"Id": "queue", "Arn": arn}])

    def read() -> list[dict]:
        found = []
        while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            found += [json.loads(m["Body"])["detail"] for m in messages]
            sqs.delete_message_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
        return found
    return read


def stored_unannounced(worker, order_id, received_at, correlation_id="corr-lost"):
    """An order as the worker stores it when its announcement then fails."""
    assert worker._store({"order_id": order_id, "customer_id": f"c-{order_id}", "items": [{"sku": "a", "quantity": 1}],
                          "received_at": received_at, "correlation_id": correlation_id})


def iso(seconds_ago):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - seconds_ago))


def run_to_completion(reconciler, state):
    """What the reconciliation state machine does: call again while a cursor is left."""
    states = [reconciler.handler(state)]
    while "cursor" in states[-1]:
        states.append(reconciler.handler(states[-1]))
    return states


def test_reconciler_announces_only_stale_unannounced_orders_once(service):
    modules, _ = service
    read = announcements()
    stored_unannounced(modules["worker"], "lost-1", iso(3 * 3600))
    stored_unannounced(modules["worker"], "lost-2", iso(40 * 3600), correlation_id="corr-2")
    stored_unannounced(modules["worker"], "in-flight", iso(60))  # younger than STALE_AFTER_MINUTES
    stored_unannounced(modules["worker"], "ancient", iso(72 * 3600))  # older than LOOKBACK_HOURS
    stored_unannounced(modules["worker"], "done", iso(3 * 3600))
    modules["common"].mark_announced("ORDER#done")

    (final,) = run_to_completion(modules["reconciler"], {"pages": 0, "scanned": 0, "reannounced": 0})
    assert final["reannounced"] == 2 and final["scanned"] == 5 and final["pages"] == 1
    assert sorted((d["order_id"], d["correlation_id"]) for d in read()) == [("lost-1", "corr-lost"), ("lost-2", "corr-2")]
    for order_id in ("lost-1", "lost-2"):
        assert "announced_at" in stored_item(order_id)
    assert "announced_at" not in stored_item("in-flight")

    # The next night finds nothing left to announce.
    (again,) = run_to_completion(modules["reconciler"], {})
    assert again["reannounced"] == 0 and read() == []


def test_reconciler_pages_within_one_window(service, monkeypatch):
    modules, _ = service
    read = announcements()
    for number in range(5):
        stored_unannounced(modules["worker"], f"lost-{number}", iso(3600 + number))
    monkeypatch.setenv("PAGE_SIZE", "2")
    states = run_to_completion(modules["reconciler"], {"pages": 0, "scanned": 0, "reannounced": 0})
    assert len(states) >= 3 and states[-1]["pages"] == len(states)
    assert {state["window"]["from"] for state in states} == {states[0]["window"]["from"]}, "one window per run"
    assert states[-1]["reannounced"] == 5 and states[-1]["scanned"] == 5
    assert sorted(d["order_id"] for d in read()) == [f"lost-{n}" for n in range(5)]


@pytest.mark.parametrize("state, message", [
    ([], "must be an object"),
    ({"pages": -1}, "pages must be a whole number"),
    ({"scanned": "3"}, "scanned must be a whole number"),
    ({"window": {"from": "2026-01-01T00:00:00Z"}}, "window must be"),
    ({"cursor": {"pk": {"S": "ORDER#x"}}}, "must also carry that run's window"),
    ({"surprise": 1}, "unknown fields in the reconciliation state: surprise"),
])
def test_reconciler_refuses_a_state_it_did_not_write(service, state, message):
    modules, _ = service
    with pytest.raises(ValueError, match=message):
        modules["reconciler"].handler(state)


@pytest.mark.parametrize("name, value", [("PAGE_SIZE", "0"), ("LOOKBACK_HOURS", "two"), ("STALE_AFTER_MINUTES", "-5")])
def test_reconciler_refuses_bad_settings(service, monkeypatch, name, value):
    modules, _ = service
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=f"{name} must be a whole number"):
        modules["reconciler"].handler({})


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
