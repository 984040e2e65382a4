"""WSGI middleware of the emulator: a client's retry of a request the emulator already performed
gets the first answer again, instead of being performed twice.

The AWS SDKs retry a request whose answer they did not get in time or whose connection broke,
including creates that are not idempotent. Real AWS answers within its deadlines; moto, starved
of CPU on a busy test machine, sometimes answers late, so the provider sends the same CreateAlias
or CreateFunction again and moto answers 409 "already exists" (or, for a CreateApi, makes a second
API that terraform never learns of and destroy leaves behind). A retry is told from a second call by
the SDKs' ``amz-sdk-invocation-id`` header, which every attempt of one call shares and a new call
changes: a mutating request with the invocation id, method, path, query, target and body of one
the app accepted within ``window`` seconds gets that accepted answer without reaching the app, as
if the first answer had arrived in time; a retry that arrives while its first attempt is still
being served waits for it. Anything else -- a second call that creates the same thing on purpose,
a request without the header, a different body, a first attempt that failed, an old one -- goes to
the app.
"""

from __future__ import annotations

import hashlib
import io
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

MUTATING_METHODS = ("POST", "PUT", "PATCH")
Answer = tuple[str, list[tuple[str, str]], bytes]


class ReplayRetries:
    def __init__(self, app: Any, window: float = 120.0, log: Callable[[str], None] | None = None) -> None:
        self.app = app
        self.window = window
        self.log = log or (lambda message: sys.stderr.write(message + "\n"))
        self._lock = threading.Lock()
        self._accepted: dict[tuple[Any, ...], tuple[float, Answer]] = {}
        self._serving: dict[tuple[Any, ...], threading.Event] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        body = _read_body(environ) if invocation and environ.get("REQUEST_METHOD") in MUTATING_METHODS else None
        if body is None:
            return self.app(environ, start_response)
        key = (invocation, environ["REQUEST_METHOD"], environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", ""),
               environ.get("QUERY_STRING", ""), environ.get("HTTP_X_AMZ_TARGET", ""),
               hashlib.sha256(body).digest())
        serving = threading.Event()
        with self._lock:
            earlier = self._serving.get(key)
            self._serving[key] = serving
        if earlier is not None:
            earlier.wait(self.window)  # a retry racing its first attempt: let the first finish
        try:
            with self._lock:
                accepted = self._accepted.get(key)
            if accepted is not None and time.monotonic() - accepted[0] <= self.window:
                status, headers, content = accepted[1]
                self.log(f"emulator: {environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}: a retry of "
                         "a request already performed; answered as the first time")
            else:
                status, headers, content = answer = self._serve(environ)
                if status.startswith("2"):
                    now = time.monotonic()
                    with self._lock:
                        self._forget_before(now - self.window)
                        self._accepted[key] = (now, answer)
        finally:
            with self._lock:
                if self._serving.get(key) is serving:
                    del self._serving[key]
            serving.set()
        start_response(status, headers)
        return [content]

    def _serve(self, environ: dict[str, Any]) -> Answer:
        answered: list[tuple[str, list[tuple[str, str]]]] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answered.append((status, headers))
            return lambda data: None  # moto's Flask apps never use WSGI's write()

        chunks = self.app(environ, hold)
        try:
            content = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        return answered[-1][0], answered[-1][1], content

    def _forget_before(self, oldest: float) -> None:
        for key in [key for key, (when, _) in self._accepted.items() if when < oldest]:
            del self._accepted[key]


def _read_body(environ: dict[str, Any]) -> bytes | None:
    """The request body, put back for the app; None when its length is not declared (chunked)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length == 0 and not environ.get("CONTENT_LENGTH"):
        return None if environ.get("HTTP_TRANSFER_ENCODING") else b""
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    return body

