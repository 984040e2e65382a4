"""ARNs as the gate reads them: their fields, the name resources are indexed by, their Region.

An ARN is ``arn:partition:service:region:account:resource``, the resource part keeping any further
colons (``function:orders:live``, ``log-group:/aws/lambda/x:*``). The text may be a pattern (``*``,
``?`` in any field) or hold UNKNOWN_FIELD where a part is known only at apply.
"""

from __future__ import annotations

from typing import NamedTuple

from slsguard.gate.values import UNKNOWN_FIELD


class ArnFields(NamedTuple):
    partition: str
    service: str
    region: str
    account: str
    resource: str


def arn_fields(text: str) -> ArnFields | None:
    """The six fields of an ARN; None for a name, a URL or an ARN cut short."""
    if not text.startswith("arn:"):
        return None
    fields = text.split(":", 5)
    return ArnFields(*fields[1:]) if len(fields) == 6 else None


def arn_name(value: str) -> str:
    """The name part of an ARN, queue URL or ``name:qualifier``: what resources are indexed by."""
    if value.startswith("https://sqs."):
        return value.rstrip("/").split("/")[-1]
    arn = arn_fields(value)
    if arn is None:
        return "" if value.startswith("arn:") else value  # an ARN cut short names nothing
    service, resource = arn.service, arn.resource
    if service == "lambda":
        return resource.split(":")[1] if resource.startswith("function:") else resource
    if service in ("dynamodb", "events", "kms"):
        kind, _, rest = resource.partition("/")
        return rest.split("/")[0] if kind in ("table", "event-bus", "key") else resource
    if service == "logs":
        return resource.removeprefix("log-group:").removesuffix(":*")
    if service == "iam":
        kind, _, rest = resource.partition("/")  # role/service-role/name: the name is last
        return rest.split("/")[-1] if kind in ("role", "policy") else resource
    return resource


def written_region(text: str) -> str | None:
    """The Region field of an ARN when it is known: "" for a global resource's ARN (IAM, S3); None
    for no ARN or a Region known only at apply."""
    arn = arn_fields(text)
    return arn.region if arn is not None and UNKNOWN_FIELD not in arn.region else None


def service_named(text: str) -> str | None:
    """The service of an ARN or queue URL; None for a bare name."""
    if text.startswith("https://sqs."):
        return "sqs"
    arn = arn_fields(text)
    return arn.service if arn is not None else None
