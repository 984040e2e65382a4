"""Answers API requests and authorizes them: the example needs functions, not business logic."""

import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"route": event.get("routeKey")})}


def authorize(event, context):
    # Simple-response REQUEST authorizer: a fixed demo header value, never a real secret.
    return {"isAuthorized": event.get("headers", {}).get("x-demo-tenant") is not None}
