"""Parallel changes to one REST resource are served one at a time by the emulator (serial.py).

The fake app stands for moto's handling of a function's policy: it reads the statements, drops
one, and writes them back without a lock, so two removals served at once lose one of them."""

from __future__ import annotations

import io
import threading
import time
from typing import Any

from slsguard.emulator.serial import SerialResources, _rest_resource


class _PolicyStore:
    def __init__(self, hold_fn: threading.Event | None = None) -> None:
        self.statements = {"fn": {"placed", "nightly"}, "other": {"x"}}
        self.busy = threading.Event()
        self.hold_fn = hold_fn  # when set, a change to fn waits for it before writing back

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        _, _, function, _, sid = environ["PATH_INFO"].strip("/").split("/")
        if environ["REQUEST_METHOD"] == "GET":
            start_response("200 OK", [])
            return [",".join(sorted(self.statements[function])).encode()]
        statements = set(self.statements[function])  # read ...
        self.busy.set()
        if self.hold_fn is not None and function == "fn":
            self.hold_fn.wait(10)
        else:
            time.sleep(0.2)  # ... while the other request reads the same policy ...
        statements.discard(sid)
        self.statements[function] = statements  # ... and write back
        start_response("204 No Content", [])
        return [b""]


def _request(app: Any, method: str, function: str, sid: str, answers: list[str]) -> None:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": f"/2015-03-31/functions/{function}/policy/{sid}",
               "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(b"")}
    body = b"".join(app(environ, lambda status, headers: answers.append(status)))
    answers.append(body.decode())


def _in_parallel(*calls) -> None:
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)


def test_two_removals_from_one_policy_both_take_effect():
    store = _PolicyStore()
    app = SerialResources(store)
    _in_parallel(lambda: _request(app, "DELETE", "fn", "placed", []),
                 lambda: _request(app, "DELETE", "fn", "nightly", []))
    assert store.statements["fn"] == set()


def test_without_it_one_removal_is_lost():
    """The race the middleware exists for: the bare app loses an update."""
    store = _PolicyStore()
    _in_parallel(lambda: _request(store, "DELETE", "fn", "placed", []),
                 lambda: _request(store, "DELETE", "fn", "nightly", []))
    assert len(store.statements["fn"]) == 1


def test_other_resources_and_reads_are_not_held():
    release = threading.Event()
    store = _PolicyStore(hold_fn=release)
    app = SerialResources(store)
    answers: list[str] = []
    held = threading.Thread(target=lambda: _request(app, "DELETE", "fn", "placed", []))
    held.start()
    assert store.busy.wait(5)
    # While that change to fn is still in progress (it waits for release), a read of fn and a
    # change to another function are served.
    others = threading.Thread(target=lambda: (_request(app, "GET", "fn", "any", answers),
                                              _request(app, "DELETE", "other", "x", [])))
    others.start()
    others.join(5)
    assert not others.is_alive(), "a read, or a change to another resource, waited for the change to fn"
    assert held.is_alive()
    release.set()
    held.join(10)
    assert answers[0] == "200 OK"
    assert store.statements == {"fn": {"nightly"}, "other": set()}


def test_a_function_named_by_arn_or_qualifier_is_the_same_resource():
    """Terraform removes one function's permissions by name, by ARN and by alias ARN at once."""
    paths = ["/2015-03-31/functions/orders-api/policy/a",
             "/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-api/policy/b",
             "/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live/policy/c",
             "/2015-03-31/functions/orders-api:live/policy/d"]
    keys = {_rest_resource({"REQUEST_METHOD": "DELETE", "PATH_INFO": path, "HTTP_HOST": "h"}) for path in paths}
    assert keys == {("h", "2015-03-31/functions/orders-api")}
    assert _rest_resource({"REQUEST_METHOD": "DELETE", "PATH_INFO": "/2015-03-31/functions/orders-worker/policy/a",
                           "HTTP_HOST": "h"}) not in keys
