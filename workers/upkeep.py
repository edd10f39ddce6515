"""Scheduled upkeep of the database (seed 002): partitions ahead of time and session clean-up.

Each job is a single idempotent statement, safe to run twice and safe when two schedulers run by mistake.
"""

from __future__ import annotations

import structlog

from workers.runtime import with_connection

log = structlog.get_logger(__name__)

PARTITION_MONTHS_AHEAD = 3
OLD_SESSION_DAYS = 30


def create_next_partitions(months_ahead: int = PARTITION_MONTHS_AHEAD) -> int:
    created = with_connection(
        lambda conn: conn.fetchval("SELECT chatbot.create_conversation_partitions($1)", months_ahead)
    )
    log.info("partitions_created", created=created, months_ahead=months_ahead)
    return created


def clean_inactive_sessions() -> int:
    closed = with_connection(lambda conn: conn.fetchval("SELECT chatbot.clean_inactive_sessions()"))
    log.info("inactive_sessions_closed", closed=closed)
    return closed


def delete_old_sessions(days: int = OLD_SESSION_DAYS) -> int:
    deleted = with_connection(lambda conn: conn.fetchval("SELECT chatbot.delete_old_sessions($1)", days))
    log.info("old_sessions_deleted", deleted=deleted, days=days)
    return deleted
