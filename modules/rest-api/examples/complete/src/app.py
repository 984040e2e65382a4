"""Answers API requests: the example needs a function, not business logic."""

import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"resource": event.get("resource")})}
