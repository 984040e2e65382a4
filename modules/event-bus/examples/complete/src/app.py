"""Logs the event it receives: the example needs a function, not business logic."""

import json


def handler(event, context):
    print(json.dumps({"received": event.get("detail-type"), "source": event.get("source")}))
    return {"ok": True}
