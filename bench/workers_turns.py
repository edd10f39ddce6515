"""Turn logging with real forking workers (issue #8): turns logged per second, and enqueue → row-visible latency.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m bench.workers_turns [--turns 20000] [--workers 1 2] [--rates 200 1000]

Creates a throwaway database (migrated, 1,000 users, dropped at the end) and uses the Redis database of REDIS_URL
(deletes only its rq:* and naviyam:* keys, before and after). For each worker count, ``rq worker`` processes
(NaviyamWorker) are started first, then:

* backlog: the turns are pushed the way the web process pushes them (RPUSH + flush flag) in deliveries of 50;
  throughput = turns / (first push → last row visible).
* live: four producer processes (four web processes) push one turn per call as fast as they can; same measure.
* latency: one producer at a steady rate; each turn's enqueue → visible-in-PostgreSQL time (polled every 5 ms).

Turns look like real ones: 80 % confident (the 0004 trigger copies them to ml_training), 20 % unsure (review
queue), 3 recommendations each, 2,000 sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import redis

from storage.config import PROJECT_ROOT
from storage.db import connect
from storage.migrate import apply_migrations
from storage.queue import LOGS, JobQueue
from storage.turn_buffer import TurnBuffer
from storage.turn_log import FLUSH_JOB_PATH, TurnLog
from tests.services import create_database, drop_database, new_database_name, with_database

USERS = 1000
SESSIONS = 2000


def make_turn(rng: random.Random, user_ids: list[int]) -> dict:
    index = rng.randrange(SESSIONS)
    user_id = user_ids[index % len(user_ids)]
    sure = rng.random() < 0.8
    return TurnLog(
        event_id=uuid.uuid4().hex, session_id=str(uuid.UUID(int=index + 1)), channel="kakao", platform="kakao",
        external_user_id=f"bench-{user_id}", user_key=f"ka_bench_{user_id}", timestamp=datetime.now(UTC).isoformat(),
        input_text=rng.choice(["5천원으로 점심 뭐 먹지?", "치킨 먹고 싶어", "근처 김밥집", "만원으로 친구랑 저녁"]),
        response_text="이런 곳은 어때요? 김밥천국 (3,500원), 분식나라 (4,000원)", intent="BUDGET_INQUIRY",
        confidence=0.91 if sure else 0.42, entities={"budget": 5000, "food_type": "분식"}, user_id=user_id,
        recommendations=[{"shop_id": rng.randrange(1, 300), "score": 0.9 - i / 10, "ranking": i + 1}
                         for i in range(3)],
        recommendation_method="HYBRID", total_candidates=40, timings_ms={"total": 35.2, "nlu": 1.1, "rag": 9.4},
    ).to_json()


def push(queue: JobQueue, turns: list[dict]) -> None:
    TurnBuffer(queue.connection).push(turns, lambda: queue.enqueue(LOGS, FLUSH_JOB_PATH, result_ttl=60))


def producer(redis_url: str, count: int, seed: int, user_ids: list[int]) -> None:
    queue, rng = JobQueue.from_url(redis_url), random.Random(seed)
    for _ in range(count):
        push(queue, [make_turn(rng, user_ids)])


def clear_redis(redis_url: str) -> None:
    connection = redis.Redis.from_url(redis_url)
    for pattern in ("rq:*", "naviyam:*"):
        keys = list(connection.scan_iter(match=pattern, count=1000))
        if keys:
            connection.delete(*keys)


def start_workers(count: int, database_url: str, redis_url: str) -> list[subprocess.Popen]:
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, LOG_FORMAT="json",
               PYTHONPATH=str(PROJECT_ROOT))
    command = [sys.executable, "-m", "rq.cli", "worker", "-w", "workers.worker.NaviyamWorker", "--serializer",
               "rq.serializers.JSONSerializer", "--url", redis_url, LOGS]
    workers = [subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(count)]
    time.sleep(3)  # imports and registration, before the clock starts
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(60)


async def wait_for_rows(conn, expected: int, timeout: float = 300) -> float:
    deadline = time.perf_counter() + timeout
    while await conn.fetchval("SELECT count(*) FROM chatbot.conversations") < expected:
        if time.perf_counter() > deadline:
            raise TimeoutError("turns did not arrive")
        await asyncio.sleep(0.02)
    return time.perf_counter()


async def throughput(conn, redis_url: str, user_ids: list[int], turns: int, live: bool) -> float:
    already = await conn.fetchval("SELECT count(*) FROM chatbot.conversations")
    started = time.perf_counter()
    if live:
        procs = [multiprocessing.Process(target=producer, args=(redis_url, turns // 4, seed, user_ids))
                 for seed in range(4)]
        for proc in procs:
            proc.start()
    else:
        queue, rng = JobQueue.from_url(redis_url), random.Random(7)
        for _ in range(turns // 50):
            push(queue, [make_turn(rng, user_ids) for _ in range(50)])
    finished = await wait_for_rows(conn, already + turns)
    if live:
        for proc in procs:
            proc.join()
    return turns / (finished - started)


async def latency(conn, redis_url: str, user_ids: list[int], rate: int, seconds: float = 10) -> tuple[float, float]:
    queue, rng = JobQueue.from_url(redis_url), random.Random(rate)
    outstanding: dict[str, float] = {}
    samples: list[float] = []
    next_at, stop_at = time.perf_counter(), time.perf_counter() + seconds
    while time.perf_counter() < stop_at or outstanding:
        now = time.perf_counter()
        while now < stop_at and next_at <= now:
            turn = make_turn(rng, user_ids)
            await asyncio.to_thread(push, queue, [turn])
            outstanding[turn["event_id"]] = time.perf_counter()
            next_at += 1 / rate
        rows = await conn.fetch("SELECT event_id FROM chatbot.conversations WHERE event_id = ANY($1)",
                                list(outstanding))
        seen = time.perf_counter()
        for row in rows:
            samples.append((seen - outstanding.pop(row["event_id"])) * 1000)
        await asyncio.sleep(0.005)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


async def bench(args: argparse.Namespace) -> None:
    admin_url, redis_url = os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
    name = new_database_name("naviyam_bench")
    await create_database(admin_url, name)
    database_url = with_database(admin_url, name)
    try:
        await apply_migrations(database_url)
        conn = await connect(database_url)
        user_ids = [r["id"] for r in await conn.fetch(
            """INSERT INTO chatbot.users (platform, external_user_id, user_key)
               SELECT 'kakao', 'bench-' || g, 'ka_bench_' || g FROM generate_series(1, $1) g RETURNING id""", USERS)]
        print(f"{os.cpu_count()} CPUs; {args.turns} turns per throughput run")
        for count in args.workers:
            clear_redis(redis_url)
            workers = start_workers(count, database_url, redis_url)
            try:
                backlog = await throughput(conn, redis_url, user_ids, args.turns, live=False)
                live = await throughput(conn, redis_url, user_ids, args.turns, live=True)
                print(f"{count} worker(s): backlog {backlog:,.0f} turns/s, live (4 producers) {live:,.0f} turns/s")
                for rate in args.rates:
                    p50, p99 = await latency(conn, redis_url, user_ids, rate)
                    print(f"{count} worker(s): {rate} turns/s steady, enqueue → visible p50 {p50:.0f} ms, "
                          f"p99 {p99:.0f} ms")
            finally:
                stop_workers(workers)
        await conn.close()
    finally:
        clear_redis(redis_url)
        await drop_database(admin_url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rates", type=int, nargs="+", default=[200, 1000])
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
