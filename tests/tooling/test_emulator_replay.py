"""The emulator's answer to a client's retry of a request it already performed (replay.py).

A fake WSGI app stands for moto: it creates a thing once and refuses the same name afterwards,
as moto does, so each case shows what the client receives.
"""

from __future__ import annotations

import io
import json
import threading
from typing import Any

import pytest

from slsguard.emulator.replay import ReplayRetries


class _Moto:
    """Creates ``name`` once (200), then answers 409 ResourceConflictException; optionally holds
    the first create until ``release`` is set, as a starved emulator answers late."""

    def __init__(self, release: threading.Event | None = None) -> None:
        self.created: dict[str, bytes] = {}
        self.calls = 0
        self.release = release
        self.entered = threading.Event()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.calls += 1
        if environ["REQUEST_METHOD"] == "GET":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(sorted(self.created)).encode()]
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        name = json.loads(body)["Name"]
        if name in self.created:
            start_response("409 Conflict", [("Content-Type", "application/json")])
            return [b'{"__type": "ResourceConflictException", "message": "Alias already exists"}']
        self.created[name] = body
        self.entered.set()
        if self.release is not None:
            self.release.wait(10)
        start_response("201 Created", [("Content-Type", "application/json")])
        return [json.dumps({"AliasArn": f"arn:aws:lambda:eu-west-1:123456789012:function:f:{name}"}).encode()]


def _call(app: Any, body: dict[str, Any] | None, method: str = "POST", invocation: str | None = "call-1") -> tuple[str, bytes]:
    """One attempt of a client call; attempts of the same call share ``invocation`` (the SDKs'
    amz-sdk-invocation-id)."""
    data = json.dumps(body).encode() if body is not None else b""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": "/2015-03-31/functions/f/aliases", "QUERY_STRING": "",
               "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(data)}
    if invocation is not None:
        environ["HTTP_AMZ_SDK_INVOCATION_ID"] = invocation
    if body is not None:
        environ["CONTENT_LENGTH"] = str(len(data))
    answered: list[str] = []
    content = b"".join(app(environ, lambda status, headers: answered.append(status)))
    return answered[0], content


@pytest.fixture
def logged() -> list[str]:
    return []


def test_a_retry_of_a_performed_create_gets_the_first_answer(logged):
    moto = _Moto()
    app = ReplayRetries(moto, log=logged.append)
    first = _call(app, {"Name": "live", "FunctionVersion": "1"})
    retry = _call(app, {"Name": "live", "FunctionVersion": "1"})
    assert first[0] == "201 Created"
    assert retry == first
    assert moto.calls == 1  # the retry never reaches the app: nothing is performed twice
    assert len(logged) == 1 and "a retry of a request already performed" in logged[0]


@pytest.mark.parametrize("second", [{"Name": "live", "FunctionVersion": "2"}, {"Name": "live", "FunctionVersion": "1", "Description": "x"}])
def test_a_different_request_for_the_same_name_keeps_the_conflict(logged, second):
    app = ReplayRetries(_Moto(), log=logged.append)
    _call(app, {"Name": "live", "FunctionVersion": "1"})
    status, content = _call(app, second)
    assert status == "409 Conflict" and b"ResourceConflictException" in content
    assert logged == []


@pytest.mark.parametrize("second_call", ["call-2", None])
def test_a_second_call_creating_the_same_thing_keeps_the_conflict(logged, second_call):
    """A client that creates the same thing twice on purpose (a new invocation id), or one that
    sends no invocation id, gets the app's answer: only retries are replayed."""
    app = ReplayRetries(_Moto(), log=logged.append)
    _call(app, {"Name": "live", "FunctionVersion": "1"})
    status, _ = _call(app, {"Name": "live", "FunctionVersion": "1"}, invocation=second_call)
    assert status == "409 Conflict"
    assert logged == []


def test_a_conflict_without_an_accepted_twin_is_the_apps_answer(logged):
    moto = _Moto()
    moto.created["live"] = b"made by someone else"
    status, _ = _call(ReplayRetries(moto, log=logged.append), {"Name": "live", "FunctionVersion": "1"})
    assert status == "409 Conflict"
    assert logged == []


def test_an_identical_request_after_the_window_keeps_the_conflict(logged):
    app = ReplayRetries(_Moto(), window=0.0, log=logged.append)
    _call(app, {"Name": "live", "FunctionVersion": "1"})
    status, _ = _call(app, {"Name": "live", "FunctionVersion": "1"})
    assert status == "409 Conflict"


def test_reads_pass_through_untouched(logged):
    moto = _Moto()
    app = ReplayRetries(moto, log=logged.append)
    _call(app, {"Name": "live", "FunctionVersion": "1"})
    assert _call(app, None, method="GET") == ("200 OK", b'["live"]')


def test_a_retry_racing_its_late_first_attempt_waits_for_it(logged):
    release = threading.Event()
    moto = _Moto(release)
    app = ReplayRetries(moto, log=logged.append)
    answers: dict[str, tuple[str, bytes]] = {}
    first = threading.Thread(target=lambda: answers.update(first=_call(app, {"Name": "live", "FunctionVersion": "1"})))
    first.start()
    assert moto.entered.wait(10)  # the first create is being performed, not yet answered
    retry = threading.Thread(target=lambda: answers.update(retry=_call(app, {"Name": "live", "FunctionVersion": "1"})))
    retry.start()
    retry.join(0.2)
    assert retry.is_alive(), "the retry must wait for the first attempt instead of racing it"
    release.set()
    first.join(10)
    retry.join(10)
    assert answers["first"][0] == "201 Created"
    assert answers["retry"] == answers["first"]
