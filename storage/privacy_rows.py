"""Where one user's rows are (``storage.privacy_ops``): their footprint, the tables that can hold it, the match.

Tables come from the catalogue: every table (partitioned parents count once and cover their partitions; detached
partitions are ordinary tables again and count too) with a ``user_id`` or ``session_id`` column, plus
``chatbot.users``. Soft references that carry no foreign key are matched too: the training copies the collection
trigger writes (``conversation_id``, ``data_queue_id``, the queue's ``source_id``) and feedback on a
recommendation.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

SECRET_COLUMNS = frozenset({"password_hash", "retry_key", "reply_token", "access_token", "token", "secret"})

_TABLES = r"""
SELECT n.nspname AS schema, c.relname AS name,
       jsonb_object_agg(a.attname, format_type(a.atttypid, a.atttypmod)) AS columns
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
GROUP BY n.nspname, c.relname
HAVING bool_or(a.attname IN ('user_id', 'session_id')) OR (n.nspname = 'chatbot' AND c.relname = 'users')
ORDER BY 1, 2
"""
_SESSIONS = """
SELECT session_id FROM chatbot.session_master WHERE user_id = $1
UNION SELECT session_id FROM chatbot.conversations WHERE user_id = $1
"""
_TURNS = """
SELECT id, event_id, CASE WHEN "timestamp" >= now() - interval '1 hour' THEN input_text END AS recent_text
FROM chatbot.conversations WHERE user_id = $1 OR session_id = ANY($2::uuid[])
"""
_RECOMMENDATIONS = "SELECT id FROM chatbot.recommendations_log WHERE user_id = $1 OR session_id = ANY($2::uuid[])"
_QUEUE = """
SELECT id FROM ml_training.data_queue
WHERE user_id = $1 OR session_id = ANY($2::uuid[])
   OR (source_table = 'conversations' AND source_id = ANY($3::bigint[]))
   OR (source_table = 'recommendations_log' AND source_id = ANY($4::bigint[]))
"""

# table -> (column, footprint attribute): references without a foreign key (or matched before it cascades)
SOFT_REFERENCES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "chatbot.users": (("id", "user_id"),),
    "chatbot.nlu_training_data": (("conversation_id", "conversations"),),
    "ml_training.nlu_training_data": (("conversation_id", "conversations"), ("data_queue_id", "queue_rows")),
    "ml_training.data_queue": (("id", "queue_rows"),),
    "ml_training.recommendation_feedback": (("recommendation_log_id", "recommendations"),),
}


@dataclass(frozen=True)
class Footprint:
    """The ids through which a user's rows are found."""

    user_id: int
    sessions: list[uuid.UUID]
    conversations: list[int]
    event_ids: list[str]
    recommendations: list[int]
    queue_rows: list[int]
    recent_texts: list[str]  # their messages of the last hour (the NLU cache holds those for 5 minutes)


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: Mapping[str, str]  # column -> type

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def sql_name(self) -> str:
        return f"{_quote(self.schema)}.{_quote(self.name)}"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def user_tables(conn) -> list[Table]:
    return [Table(r["schema"], r["name"], r["columns"]) for r in await conn.fetch(_TABLES)]


async def footprint(conn, user_key: str) -> Footprint | None:
    """The user's ids, or None when no user has ``user_key``; locks the user row inside a transaction."""
    user_id = await conn.fetchval("SELECT id FROM chatbot.users WHERE user_key = $1 FOR UPDATE", user_key)
    if user_id is None:
        return None
    sessions = [r["session_id"] for r in await conn.fetch(_SESSIONS, user_id)]
    turns = await conn.fetch(_TURNS, user_id, sessions)
    conversations = [r["id"] for r in turns]
    recommendations = [r["id"] for r in await conn.fetch(_RECOMMENDATIONS, user_id, sessions)]
    queue = [r["id"] for r in await conn.fetch(_QUEUE, user_id, sessions, conversations, recommendations)]
    return Footprint(user_id, sessions, conversations, [r["event_id"] for r in turns], recommendations, queue,
                     [r["recent_text"] for r in turns if r["recent_text"]])


def match(table: Table, fp: Footprint) -> tuple[str, list]:
    """A WHERE condition selecting the user's rows of ``table`` and its arguments ($1, $2, ...)."""
    terms: list[tuple[str, object]] = []
    if "user_id" in table.columns:
        terms.append(("user_id = {}", fp.user_id))
    if "session_id" in table.columns:
        if table.columns["session_id"] == "uuid":
            terms.append(("session_id = ANY({}::uuid[])", fp.sessions))
        else:
            terms.append(("session_id::text = ANY({}::text[])", [str(s) for s in fp.sessions]))
    for column, attribute in SOFT_REFERENCES.get(table.qualified, ()):
        value = getattr(fp, attribute)
        terms.append((f"{_quote(column)} = " + ("ANY({})" if isinstance(value, list) else "{}"), value))
    if not terms:
        return "FALSE", []
    return " OR ".join(t.format(f"${i}") for i, (t, _) in enumerate(terms, 1)), [v for _, v in terms]


def plain_row(record) -> dict:
    """A row as JSON values, secrets left out."""
    return {k: plain(v) for k, v in dict(record).items() if k not in SECRET_COLUMNS}


def plain(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID | ipaddress.IPv4Address | ipaddress.IPv6Address | ipaddress.IPv4Network):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
