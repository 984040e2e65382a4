"""What the three order functions share: structured logs with a correlation id, clients, config.

Configuration comes only from non-secret environment variables (names and URLs); credentials come
from the execution role.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import uuid
from typing import Any

import boto3

CORRELATION_HEADER = "x-correlation-id"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, so CloudWatch Logs Insights can filter on any field."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "timestamp": round(record.created, 3),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is when a record is emitted (runtimes and tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


def logger(name: str) -> logging.Logger:
    log = logging.getLogger(name)
    if not log.handlers:
        handler = StdoutHandler()
        handler.setFormatter(JsonFormatter())
        log.addHandler(handler)
        log.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
        log.propagate = False
    return log


def log_event(log: logging.Logger, message: str, correlation_id: str, **fields: Any) -> None:
    log.info(message, extra={"fields": {"correlation_id": correlation_id, **fields}})


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def setting(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set")
    return value


def client(service: str) -> Any:
    return boto3.client(service)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
