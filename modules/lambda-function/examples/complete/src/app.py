"""Order worker: stores each SQS message in the orders table and reports only the failed ones."""

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            order = json.loads(record["body"])
            TABLE.put_item(Item={"pk": f"ORDER#{order['id']}", "status": order.get("status", "new")})
        except (KeyError, ValueError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
