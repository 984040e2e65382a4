"""Entry point of the emulator process: ``python -m slsguard.emulator.server --port N``.

Runs moto's WSGI app on a loopback address only, after applying ``compat`` so that the
aws provider's calls that moto lacks are answered.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import threading


def _loopback(host: str) -> str:
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise SystemExit(f"emulator: refusing to listen on {host!r}; only loopback addresses are allowed.")


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

    compat.apply_all()
    app = DomainDispatcherApplication(create_backend_app)
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
