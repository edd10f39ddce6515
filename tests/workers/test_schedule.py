"""The scheduler enqueues JSON jobs once per slot, however many schedulers run, and every scheduled job is safe to
run twice."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import uuid
import zlib
from datetime import UTC, datetime, timedelta

import redis
from rq.job import Job
from rq.serializers import JSONSerializer

from storage.config import PROJECT_ROOT
from storage.queue import ALL_QUEUES, COUPONS, UPKEEP, JobQueue
from tests.workers.conftest import make_user, run_worker
from tests.workers.turns import make_turn
from workers.schedule import SCHEDULE
from workers.scheduler import build_scheduler

REQUIRED = {
    "workers.upkeep.refresh_shop_status", "workers.upkeep.update_popularity", "workers.alerts.sync_balances",
    "workers.alerts.scan_low_balances", "workers.alerts.reset_alert_flags", "workers.coupon_expiry.expire_coupons",
    "workers.coupon_expiry.send_expiry_notices", "workers.upkeep.clean_inactive_sessions",
    "workers.upkeep.delete_old_sessions", "workers.upkeep.create_next_partitions",
}


def test_the_schedule_names_real_jobs_and_all_the_required_ones():
    for item in SCHEDULE:
        module, _, name = item.func_path.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), item.func_path
        assert item.queue in ALL_QUEUES
    assert {item.func_path for item in SCHEDULE} >= REQUIRED
    assert len({item.name for item in SCHEDULE}) == len(SCHEDULE)


def test_two_schedulers_enqueue_each_slot_once_as_json(redis_url):
    connection = redis.Redis.from_url(redis_url)
    slot = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    schedulers = [build_scheduler(connection), build_scheduler(connection)]
    for scheduler in schedulers:
        for job in scheduler.get_jobs():
            job.next_enqueue_time = slot
    enqueued = [len(scheduler.enqueue_jobs()) for scheduler in schedulers]

    ids = [job_id for name in ALL_QUEUES for job_id in JobQueue(connection).queue(name).get_job_ids()]
    assert enqueued == [len(SCHEDULE), len(SCHEDULE)] and len(ids) == len(SCHEDULE)
    for job_id in ids:
        raw = connection.hget(f"rq:job:{job_id}", "data")
        func_name = json.loads(zlib.decompress(raw))[0]  # JSON, not a pickle
        assert Job.fetch(job_id, connection=connection, serializer=JSONSerializer).func_name == func_name


def test_workers_never_import_the_nlu():
    code = (
        "import importlib, pkgutil, sys, workers\n"
        "for m in pkgutil.iter_modules(workers.__path__): importlib.import_module('workers.' + m.name)\n"
        "import workers.worker\n"
        "print(sorted(n for n in sys.modules if n == 'nlu' or n.startswith('nlu.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


async def test_scheduled_jobs_run_twice_change_things_once(own_env, own_db, fake_line_api):
    shops = await _shops(own_db)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    await _recommend(own_db, shops, now)
    user_id, line_id = await make_user(own_db, "line")
    noon = datetime.fromisoformat("2026-03-16T12:00:00+09:00")  # a 24 h coupon that ends at 15:00: remind now
    await _coupon(own_db, user_id, noon - timedelta(hours=21), noon + timedelta(hours=3))
    monday_10 = "2026-03-16T10:00:00+09:00"
    at, later = now.isoformat(), (now + timedelta(minutes=5)).isoformat()
    plan = [
        (UPKEEP, "workers.upkeep.refresh_shop_status", (monday_10,)),
        (UPKEEP, "workers.upkeep.refresh_shop_status", (monday_10,)),
        (UPKEEP, "workers.upkeep.update_popularity", (at,)),
        (UPKEEP, "workers.upkeep.update_popularity", (at,)),
        (UPKEEP, "workers.upkeep.create_next_partitions", ()),
        (UPKEEP, "workers.upkeep.create_next_partitions", ()),
        (COUPONS, "workers.coupon_expiry.send_expiry_notices", (noon.isoformat(),)),
        (COUPONS, "workers.coupon_expiry.send_expiry_notices", (noon.isoformat(),)),
        (COUPONS, "workers.coupon_expiry.expire_coupons", ((noon + timedelta(hours=4)).isoformat(),)),
        (COUPONS, "workers.coupon_expiry.expire_coupons", ((noon + timedelta(hours=4)).isoformat(),)),
    ]
    queue = JobQueue.from_url(own_env["REDIS_URL"])
    jobs = [queue.enqueue(name, path, *args) for name, path, args in plan]

    await run_worker(own_env)

    results = [Job.fetch(j, connection=queue.connection, serializer=JSONSerializer).return_value() for j in jobs]
    assert results[0] >= 1 and results[1] == 0
    assert results[2]["skipped"] is False and results[3]["skipped"] is True
    assert results[5] == 0
    assert (results[6], results[7]) == (1, 0) and (results[8], results[9]) == (1, 0)
    assert await own_db.fetchval("SELECT current_status FROM chatbot.shops WHERE id = $1", shops[0]) == "OPEN"
    scores = [float(await own_db.fetchval("SELECT popularity_score FROM chatbot.shops WHERE id = $1", s))
              for s in shops]
    assert scores == [0.45, 0.3, 0.14]  # 0.7 · (0.5, 0, 0.2) + 0.3 · (2/6, 6/6, 0)
    [reminder] = fake_line_api.delivered_texts_for(line_id)
    assert "오늘 오후 3시까지" in reminder

    queue.enqueue(UPKEEP, "workers.upkeep.update_popularity", later)
    await run_worker(own_env, UPKEEP)
    assert float(await own_db.fetchval("SELECT popularity_score FROM chatbot.shops WHERE id = $1", shops[2])) == 0.098


async def _coupon(conn, user_id: int, issued_at: datetime, expires_at: datetime) -> None:
    await conn.execute(
        """INSERT INTO chatbot.user_coupon_wallet (user_id, coupon_id, issue_key, acquisition_source, issued_at,
               expires_at) VALUES ($1, 'EMERGENCY_FOOD_AID', $2, 'EMERGENCY_ASSIST', $3, $4)""",
        user_id, f"test:{uuid.uuid4()}", issued_at, expires_at,
    )


async def _shops(conn) -> list[int]:
    """Three shops open 09:00-18:00 on weekdays, with popularity 0.5, 0 and 0.2."""
    hours = {day: {"open": "09:00", "close": "18:00"} for day in ("monday", "tuesday", "wednesday")}
    ids = []
    for score in (0.5, 0.0, 0.2):
        ids.append(await conn.fetchval(
            """INSERT INTO chatbot.shops (shop_name, category, address_name, latitude, longitude, business_hours,
                   popularity_score, current_status)
               VALUES ($1, '분식', '서울 광진구', 37.54, 127.07, $2::jsonb, $3, 'UNKNOWN') RETURNING id""",
            f"테스트 분식 {uuid.uuid4().hex[:6]}", hours, score,
        ))
    return ids


async def _recommend(conn, shops: list[int], now: datetime) -> None:
    """Shop 0 shown twice, shop 1 shown once and picked once, within the last 24 h."""
    from storage.turn_log import write_turns

    turns = [make_turn("wk-popular", recommendations=[{"shop_id": shops[0]}]),
             make_turn("wk-popular", recommendations=[{"shop_id": shops[0]}, {"shop_id": shops[1]}])]
    turns = [t.__class__(**{**t.to_json(), "timestamp": (now - timedelta(minutes=1)).isoformat()}) for t in turns]
    await write_turns(conn, turns)
    await conn.execute("UPDATE chatbot.recommendations_log SET user_final_selection = $1 WHERE event_id = $2",
                       shops[1], turns[1].event_id)
