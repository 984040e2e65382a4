"""Nightly order export, and the pricing function it calls.

Secrets and settings are read once per execution environment and cached outside the handler for
CACHE_SECONDS, so a warm function makes no Secrets Manager or SSM call per invocation (cost,
latency and API throttling at scale) and a rotated secret is picked up within that time. The
AWS Parameters and Secrets Lambda Extension does the same as a layer (README of the module).
"""

import json
import os
import time

import boto3

CACHE_SECONDS = 300
_clients = {}
_cache = {}


def _client(service):
    if service not in _clients:
        _clients[service] = boto3.client(service)
    return _clients[service]


def _cached(key, load):
    value, loaded_at = _cache.get(key, (None, 0.0))
    if time.monotonic() - loaded_at > CACHE_SECONDS:
        value = load()
        _cache[key] = (value, time.monotonic())
    return value


def _database_credentials():
    secret = _client("secretsmanager").get_secret_value(SecretId=os.environ["SECRET_ARN"])
    return json.loads(secret["SecretString"])


def _config():
    pages = _client("ssm").get_paginator("get_parameters_by_path").paginate(Path=os.environ["CONFIG_PATH"])
    return {p["Name"].rsplit("/", 1)[-1]: p["Value"] for page in pages for p in page["Parameters"]}


def _recent_clicks(limit):
    kinesis, stream = _client("kinesis"), os.environ["CLICKS_STREAM"]
    records = []
    for shard in kinesis.list_shards(StreamName=stream)["Shards"]:
        iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records += kinesis.get_records(ShardIterator=iterator, Limit=limit)["Records"]
    return records[:limit]


def handler(event, context):
    credentials = _cached("database", _database_credentials)
    config = _cached("config", _config)
    day = event.get("day", time.strftime("%Y-%m-%d", time.gmtime()))
    lines = [json.loads(record["Data"]) for record in _recent_clicks(int(config.get("batch-size", "500")))]

    priced = _client("lambda").invoke(FunctionName=os.environ["PRICING_FUNCTION"],
                                      Payload=json.dumps({"lines": lines}).encode())
    total = json.loads(priced["Payload"].read())["total"]

    key = f"{os.environ['EXPORT_PREFIX']}{day}.{config.get('export-format', 'jsonl')}"
    body = "\n".join(json.dumps(line) for line in lines)
    _client("s3").put_object(Bucket=os.environ["EXPORT_BUCKET"], Key=key, Body=body.encode())

    execution = _client("stepfunctions").start_execution(
        stateMachineArn=os.environ["RECONCILE_MACHINE"],
        input=json.dumps({"export": key, "lines": lines, "total": total, "database": credentials.get("host")}),
    )
    return {"export": key, "lines": len(lines), "total": total, "reconciliation": execution["executionArn"]}


def price(event, context):
    return {"total": round(sum(float(line.get("amount", 0)) for line in event.get("lines", [])), 2)}
