"""Users' data rights (PIPA; seed 003 §7, "탈퇴 시 익명화"): one user's data out, or gone, everywhere it lives.

The user is named by their pseudonymous ``user_key``. Their rows are found through the catalogue, not a fixed
list: every table (partitioned parents included, so every partition; detached partitions too) with a ``user_id``
or ``session_id`` column, matched on the user's id and the ids of their sessions, plus the soft references of the
training tables (``conversation_id``, ``data_queue_id``, ``source_id``) that the auto-collection trigger writes.
A table added later is covered without touching this module.

:func:`delete_user` runs in one transaction: training copies first, every user- or session-keyed row, the
sessions, the user row last (``ON DELETE CASCADE`` would take most of it anyway). ``chatbot.performance_logs``
stays for the aggregates, anonymised (no session, event, request, error text or details). Operator entries of
``ops.audit_log`` naming the user are redacted to a receipt (``sha256:…`` of the key), and one entry records the
deletion under that receipt only. The Redis side (``storage.privacy_redis``) goes inside the same transaction
window: turns waiting in the turn buffer are dropped first (a worker would otherwise write them, and the user,
back), the caches before the commit, so a failure anywhere leaves nothing half-done and the command can be re-run.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from storage import privacy_redis as cache
from storage.ops.audit import record
from storage.privacy_rows import Footprint, footprint, match, plain_row, user_tables

RECEIPT_PREFIX = "sha256:"
USER_KEY = re.compile(r"^[A-Za-z0-9_:.-]{8,64}$")  # what storage.privacy.pseudonymous_key makes (and no more)
ANONYMISED = "chatbot.performance_logs"
LAST = ("chatbot.session_master", "chatbot.users")
FIRST = ("ml_training.nlu_training_data", "chatbot.nlu_training_data", "ml_training.recommendation_feedback")
UNFOLLOW_RETENTION = timedelta(days=30)  # an unfollowed (blocked) user who does not come back is deleted after this
SETTLE_S = 5.0  # how long to wait for a worker that is writing one of the user's turns right now
# Timings stay for the aggregates; whatever could lead back to the user goes.
_ANONYMISE = """UPDATE {table} SET session_id = NULL, event_id = NULL, request_id = NULL, error_message = NULL,
    details = NULL WHERE {match} OR event_id = ANY(${events}::text[])"""


def receipt(user_key: str) -> str:
    """What the audit log keeps instead of a deleted user's key: verifiable by whoever holds the key."""
    return RECEIPT_PREFIX + hashlib.sha256(user_key.encode()).hexdigest()[:32]


@dataclass
class DeletionReport:
    user_key: str
    found: bool = False
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows deleted (or anonymised)
    redis_keys: int = 0
    buffered_turns: int = 0
    nlu_cache_entries: int = 0
    audit_entries_redacted: int = 0

    def to_json(self) -> dict:
        return {"receipt": receipt(self.user_key), "found": self.found, "rows": dict(sorted(self.rows.items())),
                "redis_keys": self.redis_keys, "buffered_turns": self.buffered_turns,
                "nlu_cache_entries": self.nlu_cache_entries, "audit_entries_redacted": self.audit_entries_redacted}


async def export_user(conn, redis, user_key: str, actor: str) -> dict | None:
    """Every row about the user, table by table, and their live Redis state; None when there is no such user."""
    fp = await footprint(conn, user_key)
    if fp is None:
        return None
    tables: dict[str, list[dict]] = {}
    for table in await user_tables(conn):
        sql, args = match(table, fp)
        rows = await conn.fetch(f"SELECT * FROM {table.sql_name} WHERE {sql}", *args)
        if rows:
            tables[table.qualified] = [plain_row(r) for r in rows]
    audit = await conn.fetch("SELECT * FROM ops.audit_log WHERE strpos(target, $1) > 0", user_key)
    tables["ops.audit_log"] = [plain_row(r) for r in audit]
    await record(conn, actor, "privacy.export", user_key, {"tables": sorted(tables)})
    return {"user_key": user_key, "exported_at": datetime.now(UTC).isoformat(), "tables": tables,
            "redis": await _redis_export(redis, user_key, fp) if redis is not None else None}


async def _redis_export(redis, user_key: str, fp: Footprint) -> dict:
    buffered = await cache.buffered_turns(redis, user_key)
    sessions = {str(s) for s in fp.sessions} | buffered.sessions | _as_set(await cache.session_pointer(redis, user_key))
    return {"session_contexts": await cache.session_contexts(redis, sessions),
            "profile_cache": await cache.cached_profiles(redis, user_key, fp.user_id),
            "turns_not_yet_logged": buffered.turns}


async def delete_user(conn, redis, user_key: str, actor: str = "system") -> DeletionReport:
    """Delete the user's data everywhere (PostgreSQL and Redis); idempotent. ``redis`` None: PostgreSQL only.
    Raises ValueError for something that is not a user key."""
    if not USER_KEY.match(user_key or ""):
        raise ValueError(f"not a user key: {user_key!r}")
    report = DeletionReport(user_key)
    buffered = await cache.buffered_turns(redis, user_key) if redis is not None else cache.BufferedTurns()
    if redis is not None:
        report.buffered_turns = await cache.drop_buffered(redis, buffered)
    async with conn.transaction():
        fp = await footprint(conn, user_key)
        if fp is not None:
            report.found = True
            await _delete_rows(conn, fp, report)
        report.audit_entries_redacted = await conn.fetchval(
            "SELECT ops.redact_audit_subject($1, $2)", user_key, receipt(user_key))
        if redis is not None:
            await _forget_in_redis(redis, user_key, fp, buffered, report)
        await record(conn, actor, "privacy.delete", receipt(user_key), {"rows": report.to_json()["rows"]})
    if buffered.in_flight and redis is not None:
        await _after_in_flight(conn, redis, user_key, buffered.in_flight, report)
    return report


async def unfollowed_user_keys(conn, older_than: timedelta = UNFOLLOW_RETENTION, limit: int = 500) -> list[str]:
    """Users who unfollowed or blocked the bot longer ago than ``older_than`` and never followed again (a follow
    clears ``unfollowed_at``): what the retention job deletes, since they can no longer confirm a deletion."""
    rows = await conn.fetch(
        """SELECT user_key FROM chatbot.users WHERE unfollowed_at < now() - $1::interval AND user_key IS NOT NULL
           ORDER BY unfollowed_at LIMIT $2""", older_than, limit)
    return [r["user_key"] for r in rows]


async def _delete_rows(conn, fp: Footprint, report: DeletionReport) -> None:
    tables = {t.qualified: t for t in await user_tables(conn)}
    order = [n for n in FIRST if n in tables] + sorted(set(tables) - set(FIRST) - set(LAST) - {ANONYMISED})
    if ANONYMISED in tables:
        sql, args = match(tables[ANONYMISED], fp)
        status = await conn.execute(
            _ANONYMISE.format(table=tables[ANONYMISED].sql_name, match=sql, events=len(args) + 1), *args, fp.event_ids)
        if _count(status):
            report.rows[ANONYMISED] = report.rows.get(ANONYMISED, 0) + _count(status)
    for name in order + [n for n in LAST if n in tables]:
        sql, args = match(tables[name], fp)
        deleted = _count(await conn.execute(f"DELETE FROM {tables[name].sql_name} WHERE {sql}", *args))
        if deleted:
            report.rows[name] = report.rows.get(name, 0) + deleted


async def _forget_in_redis(redis, user_key: str, fp: Footprint | None, buffered, report: DeletionReport) -> None:
    sessions = buffered.sessions | _as_set(await cache.session_pointer(redis, user_key))
    sessions |= {str(s) for s in fp.sessions} if fp else set()
    contexts = await cache.session_contexts(redis, sessions)
    texts = buffered.texts | cache.context_texts(contexts) | (set(fp.recent_texts) if fp else set())
    report.redis_keys = await cache.forget_keys(redis, user_key, fp.user_id if fp else None, sessions)
    report.nlu_cache_entries = await cache.forget_nlu_cache(redis, texts)


async def _after_in_flight(conn, redis, user_key: str, leases: set[str], report: DeletionReport) -> None:
    """A worker was writing some of the user's turns: once it is done (its lease gone, at most ``SETTLE_S``),
    remove what it wrote (the user again, if it had to create them) or buried."""
    for _ in range(int(SETTLE_S / 0.1)):
        if not await redis.exists(*leases):
            break
        await asyncio.sleep(0.1)
    late = await cache.buffered_turns(redis, user_key)
    report.buffered_turns += await cache.drop_buffered(redis, late)
    async with conn.transaction():
        fp = await footprint(conn, user_key)
        if fp is not None:
            await _delete_rows(conn, fp, report)


def _count(status: str) -> int:
    return int(status.rsplit(" ", 1)[-1])


def _as_set(value: str | None) -> set[str]:
    return {value} if value else set()


