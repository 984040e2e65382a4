"""Order status projection: counts order status changes from the orders table's stream.

Reports each record it cannot read as a batch item failure (its sequence number), so Lambda
retries from that record on and bisects no further than needed.
"""

import json
import logging

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            new_status = record["dynamodb"]["NewImage"]["status"]["S"]
            old_status = record["dynamodb"].get("OldImage", {}).get("status", {}).get("S")
            if new_status != old_status:
                LOG.info(json.dumps({"order": record["dynamodb"]["Keys"]["pk"]["S"], "from": old_status, "to": new_status}))
        except KeyError:
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
    return {"batchItemFailures": failures}
