"""SQS: redrive attributes answered as SQS does."""

from __future__ import annotations

import json
from typing import Any

from slsguard.emulator.compat.registry import JSON, patch


def _compact_json(value: Any) -> str:
    """JSON the way SQS answers policy attributes: compact, keys sorted."""
    try:
        document = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


@patch
def sqs_redrive_allow_policy() -> None:
    """SQS ``GetQueueAttributes`` returns the ``RedriveAllowPolicy`` that was set.

    moto stores the attribute (CreateQueue / SetQueueAttributes, JSON and query protocols both
    end in ``Queue._set_attributes``) but never returns it, so ``aws_sqs_queue`` with
    ``redrive_allow_policy`` waited two minutes for the attribute to appear and then failed.
    An empty value (how the provider removes the policy) counts as absent, as in AWS.

    Both redrive attributes are answered as compact JSON, as SQS does: the provider stores the
    answer and compares it with the compacted configuration, so moto's ``json.dumps`` spacing
    made every plan after apply show a "whitespace changes" update of ``redrive_policy`` (and of
    ``redrive_allow_policy`` written with spaces).
    """
    from moto.sqs.models import Queue, SQSBackend

    original_attributes = Queue.attributes.fget

    def attributes(queue: Queue) -> dict[str, Any]:
        result = original_attributes(queue)
        policy = getattr(queue, "redrive_allow_policy", None)
        if policy:
            result["RedriveAllowPolicy"] = _compact_json(policy)
        if result.get("RedrivePolicy"):
            result["RedrivePolicy"] = _compact_json(result["RedrivePolicy"])
        return result

    Queue.attributes = property(attributes)  # type: ignore[method-assign,assignment]

    original_get = SQSBackend.get_queue_attributes

    def get_queue_attributes(self: SQSBackend, queue_name: str, attribute_names: list[str]) -> dict[str, Any]:
        # moto rejects the name when asked for it explicitly; answer it next to the others.
        if "RedriveAllowPolicy" not in (attribute_names or []):
            return original_get(self, queue_name, attribute_names)
        others = [name for name in attribute_names if name != "RedriveAllowPolicy"]
        result = original_get(self, queue_name, others) if others else {}
        policy = self.get_queue(queue_name).attributes.get("RedriveAllowPolicy")
        if policy:
            result["RedriveAllowPolicy"] = policy
        return result

    SQSBackend.get_queue_attributes = get_queue_attributes  # type: ignore[method-assign]
