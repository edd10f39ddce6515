"""Look everywhere for traces of a user: every table and partition of the database, every key of Redis."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace

import redis as sync_redis

from storage.turn_buffer import TurnBuffer
from storage.turn_log import TurnLog, write_turns

_EVERY_TABLE = r"""
SELECT format('%I.%I', n.nspname, c.relname) AS name,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'user_id'
               AND NOT a.attisdropped) AS has_user_id
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1
"""


async def tables_holding(conn, needles: list[str], user_id: int | None = None) -> dict[str, int]:
    """Every plain table and partition whose rows mention a needle (or have ``user_id``): name -> rows."""
    patterns = [f"%{n}%" for n in needles]
    found = {}
    for table in await conn.fetch(_EVERY_TABLE):
        condition = "t::text LIKE ANY($1::text[])"
        args: list = [patterns]
        if table["has_user_id"] and user_id is not None:
            condition += " OR t.user_id = $2"
            args.append(user_id)
        count = await conn.fetchval(f"SELECT count(*) FROM {table['name']} t WHERE {condition}", *args)
        if count:
            found[table["name"]] = count
    return found


def _forms(needle: str) -> list[bytes]:
    """A needle as it may sit in Redis: raw UTF-8, or JSON with non-ASCII escaped."""
    return [needle.encode(), json.dumps(needle)[1:-1].encode()]


async def _contents(client, key: bytes) -> list[bytes]:
    kind = (await client.type(key)).decode()
    if kind == "string":
        return [await client.get(key) or b""]
    if kind == "list":
        return await client.lrange(key, 0, -1)
    if kind == "hash":
        return [part for pair in (await client.hgetall(key)).items() for part in pair]
    if kind == "set":
        return list(await client.smembers(key))
    if kind == "zset":
        return await client.zrange(key, 0, -1)
    if kind == "stream":
        return [json.dumps([str(e) for e in await client.xrange(key)]).encode()]
    return []


def _readable(value: bytes) -> bytes:
    try:
        return value + zlib.decompress(value)  # RQ stores job data compressed
    except zlib.error:
        return value


async def redis_keys_holding(client, needles: list[str]) -> list[str]:
    """Every Redis key whose name or value mentions a needle."""
    forms = [f for n in needles for f in _forms(n)]
    found = []
    async for key in client.scan_iter(count=1000):
        blobs = [key, *(_readable(v) for v in await _contents(client, key) if v)]
        if any(form in blob for form in forms for blob in blobs):
            found.append(key.decode(errors="replace"))
    return found


def buffered_turns(redis_url: str, user_key: str) -> list[TurnLog]:
    connection = sync_redis.Redis.from_url(redis_url)
    try:
        return [TurnLog.from_json(t) for t in TurnBuffer(connection).pending_turns(10**6)
                if t.get("user_key") == user_key]
    finally:
        connection.close()


async def write_like_a_worker(conn, turns: list[TurnLog]) -> None:
    """What a flush job writes (the turns stay in the buffer, as if the worker had not acknowledged yet)."""
    await write_turns(conn, turns)


def moved(turn: TurnLog, timestamp: str, event_id: str) -> TurnLog:
    return replace(turn, timestamp=timestamp, event_id=event_id)
