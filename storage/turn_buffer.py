"""The Redis side of turn logging: web processes append turns to lists, workers take them out in batches.

Why not one RQ job per turn: RQ forks a work horse per job (tens of milliseconds), far too slow for a thousand
turns a second. Instead (all keys share the hash tag ``{turnlog}``, so a Redis Cluster keeps them on one node):

* ``push`` (web): RPUSH each turn on its shard's ``pending`` list and, in the same round trip, SET NX the
  ``flush_queued`` flag; whoever sets the flag enqueues one flush job. A flush job clears the flag *before* it
  drains, so a turn pushed while a flush runs either is drained by it or sets the flag again and gets a job.
* Turns are sharded by session (``SHARDS`` lists) and a flush takes from a shard only while it holds that shard's
  lock: flushes running at once on several workers never write the same session, so they never wait on each
  other's session rows, and a session's turns stay in order. Each flush locks its share of the shards (all of
  them when it runs alone) and writes what it took from them in one transaction.
* ``take`` (worker): one Lua call moves up to N turns of a shard into a batch list of the worker's own and sets a
  lease on it; ``ack`` deletes the batch once its transaction committed.
* ``recover``: batches whose lease expired (their worker was killed mid-write) go back to their shard. Writing is
  idempotent by event id, so a batch written twice is written once.
* The flag and the locks expire: a flush job lost with its worker stops blocking after a while, and the
  scheduler's sweep (every minute) queues a flush whenever turns are waiting.
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import redis

PREFIX = "naviyam:{turnlog}:"
SHARDS = 4
BATCHES = PREFIX + "batches"
FLUSHERS = PREFIX + "flushers"  # flush jobs running now (token -> last seen), to share the shards out
DEAD = PREFIX + "dead"  # turns that can never be written (bad data), kept for operators

_TAKE = """
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items == 0 then return items end
redis.call('LTRIM', KEYS[1], #items, -1)
redis.call('RPUSH', KEYS[2], unpack(items))
redis.call('SET', KEYS[3], '1', 'EX', tonumber(ARGV[2]))
redis.call('SADD', KEYS[4], ARGV[3])
return items
"""

# Moves a batch back to its shard unless its lease is still held (ARGV[1] = '1' ignores the lease).
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_RELEASE = """
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
if #items > 0 then redis.call('LPUSH', KEYS[1], unpack(items)) end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], ARGV[2])
return #items
"""


def shard_of(session_id: str) -> int:
    return zlib.crc32(session_id.encode()) % SHARDS


def pending_key(shard: int) -> str:
    return f"{PREFIX}pending:{shard}"


FLUSH_QUEUED = PREFIX + "flush_queued"


def lock_key(shard: int) -> str:
    return f"{PREFIX}lock:{shard}"


def batch_key(batch_id: str) -> str:
    return f"{PREFIX}batch:{batch_id}"


def lease_key(batch_id: str) -> str:
    return f"{PREFIX}lease:{batch_id}"


@dataclass
class TurnBuffer:
    """The turn-log lists in Redis. ``connection`` is a synchronous client: call it off the event loop."""

    connection: redis.Redis
    flag_ttl_s: int = 30

    def push(self, turns: Sequence[dict], enqueue_flush: Callable[[], object]) -> None:
        """Append turn JSON objects to their shards; ``enqueue_flush()`` when no flush job is queued."""
        by_shard: dict[int, list[str]] = {}
        for turn in turns:
            by_shard.setdefault(shard_of(turn["session_id"]), []).append(json.dumps(turn, ensure_ascii=False))
        with self.connection.pipeline(transaction=False) as pipe:
            for shard, items in by_shard.items():
                pipe.rpush(pending_key(shard), *items)
            pipe.set(FLUSH_QUEUED, "1", nx=True, ex=self.flag_ttl_s)
            flag_taken = pipe.execute()[-1]
        if flag_taken:
            try:
                enqueue_flush()
            except Exception:
                self.connection.delete(FLUSH_QUEUED)  # the next push tries again; the turns are safe
                raise

    def mark_flush_started(self) -> None:
        """Called by a flush job before it drains: turns pushed from now on need (and get) a new job."""
        self.connection.delete(FLUSH_QUEUED)

    def claim_flush(self) -> bool:
        """Take the flag for a job about to be enqueued by a worker (hand-over, sweep)."""
        return bool(self.connection.set(FLUSH_QUEUED, "1", nx=True, ex=self.flag_ttl_s))

    def lock_shard(self, shard: int, token: str, ttl_s: int) -> bool:
        """Only one flush drains a shard at a time (refreshed by taking it again with the same token)."""
        key = lock_key(shard)
        if self.connection.set(key, token, nx=True, ex=ttl_s):
            return True
        return self.connection.get(key) == token.encode() and bool(self.connection.expire(key, ttl_s))

    def unlock_shard(self, shard: int, token: str) -> None:
        self.connection.eval(_UNLOCK, 1, lock_key(shard), token)

    def active_flushers(self, token: str, now: float, stale_after_s: float = 15.0) -> int:
        """Say that flush ``token`` runs; how many flushes run now (those seen in the last ``stale_after_s``)."""
        with self.connection.pipeline(transaction=False) as pipe:
            pipe.zadd(FLUSHERS, {token: now})
            pipe.zremrangebyscore(FLUSHERS, "-inf", now - stale_after_s)
            pipe.zcard(FLUSHERS)
            return int(pipe.execute()[-1])

    def leave(self, token: str) -> None:
        self.connection.zrem(FLUSHERS, token)

    def take(self, shard: int, size: int, lease_s: int) -> tuple[str, list[str]]:
        """Move up to ``size`` turns of ``shard`` into a new batch leased for ``lease_s`` seconds."""
        batch_id = f"{shard}.{uuid.uuid4().hex}"
        keys = [pending_key(shard), batch_key(batch_id), lease_key(batch_id), BATCHES]
        items = self.connection.eval(_TAKE, len(keys), *keys, size, lease_s, batch_id)
        return batch_id, [i.decode() if isinstance(i, bytes) else i for i in items]

    def ack(self, batch_id: str) -> None:
        """The batch is in PostgreSQL: forget it."""
        with self.connection.pipeline(transaction=True) as pipe:
            pipe.delete(batch_key(batch_id), lease_key(batch_id))
            pipe.srem(BATCHES, batch_id)
            pipe.execute()

    def release(self, batch_id: str, *, force: bool = False) -> int:
        """Put a batch back at the head of its shard; -1 when its lease is still held (and not ``force``)."""
        shard = int(batch_id.split(".", 1)[0])
        keys = [pending_key(shard), batch_key(batch_id), lease_key(batch_id), BATCHES]
        return int(self.connection.eval(_RELEASE, len(keys), *keys, "1" if force else "0", batch_id))

    def recover(self) -> int:
        """Return every batch whose lease expired (its writer died) to its shard; the number of turns moved."""
        return sum(max(0, self.release(raw.decode())) for raw in self.connection.smembers(BATCHES))

    def bury(self, items: Sequence[str], reason: str) -> None:
        """Keep turns that cannot be written (kept for operators, never retried automatically)."""
        if items:
            self.connection.rpush(DEAD, *[json.dumps({"reason": reason, "turn": i}, ensure_ascii=False) for i in items])

    def pending_count(self, shard: int | None = None) -> int:
        shards = range(SHARDS) if shard is None else (shard,)
        return sum(int(self.connection.llen(pending_key(s))) for s in shards)

    def unlocked_pending(self) -> int:
        """Turns waiting in shards that no flush is draining right now."""
        return sum(self.pending_count(s) for s in range(SHARDS) if not self.connection.exists(lock_key(s)))

    def in_flight_count(self) -> int:
        return sum(int(self.connection.llen(batch_key(b.decode()))) for b in self.connection.smembers(BATCHES))

    def pending_turns(self, limit: int = 1000) -> list[dict]:
        """The turns waiting to be written (for operators and tests), shard by shard, oldest first."""
        raw = [item for s in range(SHARDS) for item in self.connection.lrange(pending_key(s), 0, limit - 1)]
        return [json.loads(item) for item in raw[:limit]]
