"""Pushes that LINE refuses are retried with the same X-Line-Retry-Key, land in the failed registry when retries run
out, and are delivered once when an operator retries them."""

from __future__ import annotations

import json
from datetime import datetime

from rq import Retry

from storage.queue import ALERTS, JobQueue
from tests.workers.conftest import make_user, run_module, run_worker
from workers.outbox import NewPush, create_pushes

NOW = "2026-04-02T15:00:00+09:00"


async def low_balance_push(conn, user_id: int) -> int:
    [(outbox_id, _)] = await create_pushes(conn, [
        NewPush(f"low_balance:test:{user_id}", user_id, "low_balance", {"balance": 2100, "threshold": 5000},
                datetime.fromisoformat(NOW))
    ])
    return outbox_id


def enqueue_send(env: dict[str, str], outbox_id: int, retries: int) -> str:
    # No retry interval: RQ puts the job straight back on the queue, so one burst worker sees every attempt.
    return JobQueue.from_url(env["REDIS_URL"]).enqueue(
        ALERTS, "workers.pushes.send_pushes", [outbox_id], NOW, retry=Retry(max=retries))


async def test_a_refused_push_is_retried_with_one_key_then_listed_as_failed_then_delivered_once(
    own_env, own_db, fake_line_api
):
    user_id, line_id = await make_user(own_db, "line", balance=2100)
    outbox_id = await low_balance_push(own_db, user_id)
    fake_line_api.fail_next_pushes(3, status=500)
    job_id = enqueue_send(own_env, outbox_id, retries=2)

    await run_worker(own_env, ALERTS)

    attempts = [p for p in fake_line_api.pushes if p["to"] == line_id]
    assert [p["status"] for p in attempts] == [500, 500, 500]
    assert len({p["retry_key"] for p in attempts}) == 1
    code, listing = await run_module(own_env, "workers", "failed", "--json")
    assert code == 0
    failed = [json.loads(line) for line in listing.splitlines() if line.startswith("{")]
    mine = [f for f in failed if f["job_id"] == job_id]
    assert mine and mine[0]["func"] == "workers.pushes.send_pushes" and "PushDeliveryFailed" in mine[0]["error"]
    row = await own_db.fetchrow("SELECT status, attempts, last_error FROM chatbot.push_outbox WHERE id = $1",
                                outbox_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 3, "LINE 500")

    code, output = await run_module(own_env, "workers", "retry", job_id)
    assert code == 0, output
    await run_worker(own_env, ALERTS)

    assert len(fake_line_api.delivered_texts_for(line_id)) == 1
    assert {p["retry_key"] for p in fake_line_api.pushes if p["to"] == line_id} == {attempts[0]["retry_key"]}
    assert await own_db.fetchval("SELECT status FROM chatbot.push_outbox WHERE id = $1", outbox_id) == "sent"
    code, listing = await run_module(own_env, "workers", "failed")
    assert job_id not in listing


async def test_a_push_delivered_whose_answer_was_lost_is_not_delivered_again(own_env, own_db, fake_line_api):
    user_id, line_id = await make_user(own_db, "line", balance=2100)
    outbox_id = await low_balance_push(own_db, user_id)
    fake_line_api.fail_next_pushes(1, status=500, deliver=True)  # LINE took it, the 200 never came back
    enqueue_send(own_env, outbox_id, retries=2)

    await run_worker(own_env, ALERTS)

    [first] = [p for p in fake_line_api.pushes if p["to"] == line_id]  # a 409 answer names no recipient
    assert [p["status"] for p in fake_line_api.pushes if p["retry_key"] == first["retry_key"]] == [500, 409]
    assert len(fake_line_api.delivered_texts_for(line_id)) == 1
    assert await own_db.fetchval("SELECT status FROM chatbot.push_outbox WHERE id = $1", outbox_id) == "sent"


async def test_a_user_blocked_since_the_alert_gets_no_push(own_env, own_db, fake_line_api):
    user_id, line_id = await make_user(own_db, "line", balance=2100)
    outbox_id = await low_balance_push(own_db, user_id)
    await own_db.execute("UPDATE chatbot.users SET unfollowed_at = now() WHERE id = $1", user_id)
    enqueue_send(own_env, outbox_id, retries=1)

    await run_worker(own_env, ALERTS)

    assert [p for p in fake_line_api.pushes if p["to"] == line_id] == []
    assert await own_db.fetchval("SELECT status FROM chatbot.push_outbox WHERE id = $1", outbox_id) == "skipped"
