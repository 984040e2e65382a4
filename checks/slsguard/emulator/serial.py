"""WSGI middleware of the emulator: changes to one REST resource are served one at a time.

moto keeps a resource's sub-resources in plain Python structures and changes them without locks,
while its server serves requests on threads. Terraform changes independent resources in parallel,
and some of them are sub-resources of one AWS resource: two ``aws_lambda_permission`` of one
function are two statements of its single policy. Removed together, each request read the policy,
dropped its own statement and wrote the policy back; one removal was lost, and the provider waited
5 minutes for a statement that never went ("waiting for Lambda Permission delete: found
resource"). Here mutating requests on the same REST resource -- the first three segments of the
path, ``/2015-03-31/functions/<name>`` -- wait for each other; other requests run as before
(query and JSON protocols post to "/" or a queue URL, and some of theirs are long polls).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

MUTATING_METHODS = ("POST", "PUT", "PATCH", "DELETE")
RESOURCE_SEGMENTS = 3


class SerialResources:
    def __init__(self, app: Any) -> None:
        self.app = app
        self._guard = threading.Lock()
        self._locks: dict[tuple[str, str], threading.Lock] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        resource = _rest_resource(environ)
        if resource is None:
            return self.app(environ, start_response)
        with self._guard:
            lock = self._locks.setdefault(resource, threading.Lock())
        with lock:
            # The whole answer is produced under the lock: moto's Flask views do their work while
            # the body is built, not only when the view is called.
            chunks = self.app(environ, start_response)
            try:
                return [b"".join(chunks)]
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()


def _rest_resource(environ: dict[str, Any]) -> tuple[str, str] | None:
    if environ.get("REQUEST_METHOD") not in MUTATING_METHODS:
        return None
    segments = [part for part in environ.get("PATH_INFO", "").split("/") if part]
    if len(segments) < RESOURCE_SEGMENTS:
        return None
    return environ.get("HTTP_HOST", ""), "/".join([*segments[:RESOURCE_SEGMENTS - 1], _named(segments[RESOURCE_SEGMENTS - 1])])


def _named(identifier: str) -> str:
    """One resource however the caller names it: Lambda takes a function as its name, its ARN or
    either with a qualifier (``name:live``), and terraform passes each of these forms for
    permissions of the same function."""
    if identifier.startswith("arn:"):
        parts = identifier.split(":")
        identifier = parts[6] if len(parts) > 6 else identifier
    return identifier.split(":")[0]
