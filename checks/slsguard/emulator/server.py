"""Entry point of the emulator process: ``python -m slsguard.emulator.server --port N``.

Runs moto's WSGI app on a loopback address only, after applying ``compat`` so that the
aws provider's calls that moto lacks are answered, behind ``replay.ReplayRetries`` so that a
client's retry of a create moto performed late does not fail as "already exists", and
``serial.SerialResources`` so that parallel changes to one REST resource are not lost.

An action moto does not implement makes moto raise ``NotImplementedError``, which its server turns
into an HTML "500 Internal Server Error". The aws provider treats a 500 as transient and retries
it with growing back-off for many minutes, so a missing action looks like a hang. A REST path moto
has no route for gets Flask's HTML "404 Not Found", which the provider reports as "deserialization
failed ... invalid character '<'" without naming the call. ``_NotImplemented`` answers both instead
with HTTP 501 and an error document in the service's own protocol (code ``NotImplemented``, with
moto's message or the unrouted method and path): the AWS SDK does not retry 501, so terraform fails
in seconds with a message that names what the emulator lacks.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any
from xml.sax.saxutils import escape

NOT_IMPLEMENTED_STATUS = "501 Not Implemented"
NOT_IMPLEMENTED_CODE = "NotImplemented"


def _loopback(host: str) -> str:
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise SystemExit(f"emulator: refusing to listen on {host!r}; only loopback addresses are allowed.")


def _protocol(service: str) -> str:
    """The wire protocol (json, rest-json, query, rest-xml, ec2) of a moto backend's service."""
    from moto.core.responses import boto3_service_name
    from moto.core.utils import get_service_model

    try:
        return str(get_service_model(boto3_service_name.get(service, service)).protocol)
    except Exception:  # backends without a botocore model of the same name (moto-api, s3bucket_path)
        return "json"


def not_implemented_answer(protocol: str, message: str) -> tuple[list[tuple[str, str]], bytes]:
    """Headers and body of a ``NotImplemented`` error that the AWS SDKs parse for ``protocol``."""
    text = escape(message)
    if protocol in ("query", "ec2"):
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type>'
            f"<Code>{NOT_IMPLEMENTED_CODE}</Code><Message>{text}</Message></Error>"
            "<RequestId>emulator</RequestId></ErrorResponse>"
        )
        if protocol == "ec2":
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
                f"<Code>{NOT_IMPLEMENTED_CODE}</Code><Message>{text}</Message></Error></Errors>"
                "<RequestID>emulator</RequestID></Response>"
            )
        return [("Content-Type", "text/xml")], body.encode()
    if protocol == "rest-xml":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{NOT_IMPLEMENTED_CODE}</Code><Message>{text}</Message>"
            "<RequestId>emulator</RequestId></Error>"
        )
        return [("Content-Type", "application/xml")], body.encode()
    document = {"__type": NOT_IMPLEMENTED_CODE, "message": message, "Message": message}
    headers = [("Content-Type", "application/x-amz-json-1.1"), ("X-Amzn-ErrorType", NOT_IMPLEMENTED_CODE)]
    return headers, json.dumps(document).encode()


class _NotImplemented:
    """WSGI middleware: a missing action or route becomes a non-retried 501 error answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        answered: list[tuple[str, list[tuple[str, str]]]] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answered.append((status, headers))
            return lambda data: None  # moto's Flask apps never use WSGI's write()

        try:
            body = self.app(environ, hold)
        except NotImplementedError as error:
            return self._refuse(environ, start_response, str(error))
        status, headers = answered[-1]
        if status.startswith("404") and _is_html(headers):
            content = b"".join(body)
            if b"<title>404 Not Found</title>" in content:
                method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
                return self._refuse(environ, start_response, f"no route for {method} {path}")
            body = [content]
        start_response(status, headers)
        return body

    def _refuse(self, environ: dict[str, Any], start_response: Callable[..., Any], reason: str) -> list[bytes]:
        service = getattr(self.app.get_application(environ), "service", "unknown")
        message = f"the emulator (moto) does not implement this {service} call: {reason}"
        sys.stderr.write(f"emulator: {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}: {message}\n")
        headers, body = not_implemented_answer(_protocol(service), message)
        start_response(NOT_IMPLEMENTED_STATUS, [*headers, ("Content-Length", str(len(body)))])
        return [body]


def _is_html(headers: list[tuple[str, str]]) -> bool:
    return any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m slsguard.emulator.server")
    parser.add_argument("--host", default="127.0.0.1", type=_loopback)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument(
        "--ttl", type=float, default=3600.0, help="seconds after which the emulator stops by itself"
    )
    args = parser.parse_args(argv)

    from moto.moto_server.threaded_moto_server import MotoRequestHandler
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    from slsguard.emulator import compat
    from slsguard.emulator.replay import ReplayRetries
    from slsguard.emulator.serial import SerialResources

    compat.apply_all()
    app = ReplayRetries(SerialResources(_NotImplemented(DomainDispatcherApplication(create_backend_app))))
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    # A forgotten emulator must not outlive the work it was started for.
    deadline = threading.Timer(args.ttl, server.shutdown)
    deadline.daemon = True
    deadline.start()
    sys.stderr.write(f"emulator: listening on http://{args.host}:{args.port} for at most {args.ttl:.0f} s\n")
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
