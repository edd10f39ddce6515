"""The schema enforces its own rules (storage/migrations/0001-0005), against the real PostgreSQL.

Tests on ``pg_pool`` share one migrated database with the rest of the suite: every row they create carries a unique
value and they only assert about their own rows. Tests that count partitions or run the session clean-up jobs (which
act on the whole table) get a database of their own through ``fresh_database_url``.
"""

from __future__ import annotations

import datetime as dt
import uuid

import asyncpg
import pytest

from tests.storage.schema_support import (
    log_turn,
    month_start,
    new_session,
    new_user,
    partition_name,
    relname,
)

# --------------------------------------------------------------------------------------------- own database


async def test_partitions_cover_this_month_and_three_ahead_and_creation_is_idempotent(fresh_conn):
    names = {
        relname(r["n"])
        for r in await fresh_conn.fetch(
            "SELECT inhrelid::regclass::text AS n FROM pg_inherits WHERE inhparent = 'chatbot.conversations'::regclass"
        )
    }
    expected = {partition_name(month_start(i)) for i in range(4)} | {"conversations_default"}
    assert names == expected
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(3)") == 0
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(5)") == 2
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(5)") == 0
    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions()") == 0
    with pytest.raises(asyncpg.InvalidParameterValueError):
        await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(-1)")


async def test_creating_a_partition_moves_its_rows_out_of_the_default_partition(fresh_conn):
    user = await new_user(fresh_conn)
    session = await new_session(fresh_conn, user)
    moment = month_start(6) + dt.timedelta(days=4)
    conversation_id, _, partition = await log_turn(fresh_conn, session, user, at=moment, confidence="0.950")
    assert partition == "conversations_default"

    assert await fresh_conn.fetchval("SELECT chatbot.create_conversation_partitions(6)") == 3

    where = await fresh_conn.fetchval(
        "SELECT tableoid::regclass::text FROM chatbot.conversations WHERE id = $1", conversation_id
    )
    assert relname(where) == partition_name(moment)
    assert await fresh_conn.fetchval("SELECT count(*) FROM chatbot.conversations_default") == 0
    # The move is not a new insert: the training trigger did not copy the row twice.
    assert await fresh_conn.fetchval("SELECT count(*) FROM ml_training.data_queue") == 1
    # The attached partition behaves like the others: foreign keys and triggers came along.
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await log_turn(fresh_conn, uuid.uuid4(), None, at=moment)
    await log_turn(fresh_conn, session, user, at=moment + dt.timedelta(hours=1), confidence="0.800")
    assert await fresh_conn.fetchval("SELECT count(*) FROM ml_training.data_queue") == 2


async def test_session_functions(fresh_conn):
    user, other = await new_user(fresh_conn), await new_user(fresh_conn)
    session = await new_session(fresh_conn, user)
    again = await fresh_conn.fetchval("SELECT chatbot.start_session($1, 'chat', NULL, $2)", user, session)
    assert again == session
    with pytest.raises(asyncpg.UniqueViolationError):
        await fresh_conn.fetchval("SELECT chatbot.start_session($1, 'chat', NULL, $2)", other, session)

    assert await fresh_conn.fetchval("SELECT chatbot.end_session($1)", session) is True
    assert await fresh_conn.fetchval("SELECT chatbot.end_session($1)", session) is False
    assert await fresh_conn.fetchval("SELECT chatbot.end_session($1)", uuid.uuid4()) is False

    idle, busy = await new_session(fresh_conn, user), await new_session(fresh_conn, user)
    await fresh_conn.execute(
        "UPDATE chatbot.session_master SET session_start = now() - interval '2 days', "
        "last_activity_at = now() - interval '25 hours' WHERE session_id = $1",
        idle,
    )
    assert await fresh_conn.fetchval("SELECT chatbot.clean_inactive_sessions()") == 1
    states = {
        r["session_id"]: r["is_active"]
        for r in await fresh_conn.fetch(
            "SELECT session_id, is_active FROM chatbot.session_master WHERE session_id = ANY($1)", [idle, busy]
        )
    }
    assert states == {idle: False, busy: True}


async def test_old_sessions_are_deleted_with_their_turns_but_training_data_stays(fresh_conn):
    user = await new_user(fresh_conn)
    old, recent = await new_session(fresh_conn, user), await new_session(fresh_conn, user)
    old_turn, _, _ = await log_turn(fresh_conn, old, user, at=month_start(0), confidence="0.990")
    await fresh_conn.execute(
        "UPDATE chatbot.session_master SET session_start = now() - interval '40 days', "
        "last_activity_at = now() - interval '40 days', is_active = FALSE, "
        "session_end = now() - interval '40 days' WHERE session_id = $1",
        old,
    )

    assert await fresh_conn.fetchval("SELECT chatbot.delete_old_sessions(30)") == 1

    sessions = {r["session_id"] for r in await fresh_conn.fetch("SELECT session_id FROM chatbot.session_master")}
    assert sessions == {recent}
    assert await fresh_conn.fetchval("SELECT count(*) FROM chatbot.conversations WHERE id = $1", old_turn) == 0
    kept = await fresh_conn.fetchrow(
        "SELECT session_id FROM ml_training.data_queue WHERE source_table = 'conversations' AND source_id = $1",
        old_turn,
    )
    assert kept is not None and kept["session_id"] is None


async def test_migrations_apply_to_another_database_of_the_same_cluster(fresh_conn):
    """The session's own database already created the cluster-wide roles: a second database must not trip on them."""
    versions = {r["version"] for r in await fresh_conn.fetch("SELECT version FROM public.schema_migrations")}
    assert {
        "0001_extensions_schemas",
        "0002_core_tables",
        "0003_sessions_conversations",
        "0004_ml_training",
        "0005_roles",
    } <= versions
    may_create = await fresh_conn.fetchval(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    )
    roles = {
        r["rolname"]: r["rolcanlogin"]
        for r in await fresh_conn.fetch(
            "SELECT rolname, rolcanlogin FROM pg_roles "
            "WHERE rolname IN ('naviyam_analyst', 'naviyam_app', 'naviyam_ml')"
        )
    }
    if not may_create and not roles:
        pytest.skip("this database user may not create roles and nobody created them")
    assert set(roles) == {"naviyam_analyst", "naviyam_app", "naviyam_ml"}
    privilege = "SELECT has_table_privilege($1, $2, $3)"
    assert await fresh_conn.fetchval(privilege, "naviyam_analyst", "chatbot.conversations", "SELECT") is True
    assert await fresh_conn.fetchval(privilege, "naviyam_analyst", "chatbot.conversations", "INSERT") is False
    assert await fresh_conn.fetchval(privilege, "naviyam_app", "ml_training.data_queue", "INSERT") is True
    assert await fresh_conn.fetchval(privilege, "naviyam_app", "ops.audit_log", "INSERT") is True
    assert await fresh_conn.fetchval(privilege, "naviyam_app", "ops.audit_log", "DELETE") is False
