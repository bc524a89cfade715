"""Structured JSON logs (structlog) carrying the request id, with secrets redacted."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog

#: Keys whose values never reach a log, at any depth: codes that hand over goods, credentials,
#: contact details and whole message bodies (which carry both). A backstop: callers log ids.
SENSITIVE_KEYS = frozenset(
    {
        "pickup_code",
        "password",
        "token",
        "access_token",
        "refresh_token",
        "session_key",
        "secret",
        "authorization",
        "qr",
        "phone",
        "mobile",
        "member_name",
        "nickname",
        "body",
        "params",
    }
)
REDACTED = "[redacted]"
# In free text (a stdlib record's message, an exception): a JWT, a mainland mobile number.
_PATTERNS = (
    re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*"),
    re.compile(r"(?<![\w.])1[3-9]\d{9}(?!\w)"),
)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        for pattern in _PATTERNS:
            value = pattern.sub(REDACTED, value)
        return value
    if isinstance(value, dict):
        return {k: REDACTED if k in SENSITIVE_KEYS else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def redact(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: blank sensitive keys (nested too) and mask tokens and phones."""
    for key, value in event_dict.items():
        event_dict[key] = REDACTED if key in SENSITIVE_KEYS else _scrub(value)
    return event_dict


def configure_logging(
    level: str = "INFO", *, json: bool = True, cache: bool = True, stream: TextIO | None = None
) -> None:
    """Route stdlib and structlog output through one JSON (or console) renderer.

    ``cache=False`` lets a later call (a test capturing the logs) reconfigure loggers
    already used; production keeps them cached.
    """
    out = stream or sys.stderr
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            redact,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(out),
        cache_logger_on_first_use=cache,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                redact,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
