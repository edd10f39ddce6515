"""Low-balance alerts end to end: the scan in a forking worker, the coupon, the push to the LINE/Kakao fakes."""

from __future__ import annotations

from storage.queue import ALERTS, JobQueue
from tests.workers.conftest import make_user, run_worker

SCAN = "workers.alerts.scan_low_balances"
NOON = "2026-03-10T12:00:00+09:00"


async def scan(env: dict[str, str], *moments: str) -> None:
    queue = JobQueue.from_url(env["REDIS_URL"])
    for moment in moments:
        queue.enqueue(ALERTS, SCAN, moment)
    await run_worker(env, ALERTS)


async def emergency_coupons(conn, user_id: int) -> list:
    return await conn.fetch(
        """SELECT status, issued_at, expires_at FROM chatbot.user_coupon_wallet
           WHERE user_id = $1 AND coupon_id = 'EMERGENCY_FOOD_AID' ORDER BY issued_at""",
        user_id,
    )


async def test_the_scan_twice_a_day_pushes_once_and_again_after_the_reset(own_env, own_db, fake_line_api):
    user_id, line_id = await make_user(own_db, "line", balance=3200)
    rich_id, rich_line = await make_user(own_db, "line", balance=40_000)

    await scan(own_env, NOON, "2026-03-10T18:00:00+09:00")

    texts = fake_line_api.delivered_texts_for(line_id)
    assert len(texts) == 1
    assert "3,200원" in texts[0] and "쿠폰" in texts[0] and "부족" not in texts[0]
    assert fake_line_api.delivered_texts_for(rich_line) == []
    coupons = await emergency_coupons(own_db, user_id)
    assert len(coupons) == 1 and (coupons[0]["expires_at"] - coupons[0]["issued_at"]).total_seconds() == 24 * 3600
    assert await emergency_coupons(own_db, rich_id) == []

    queue = JobQueue.from_url(own_env["REDIS_URL"])
    queue.enqueue(ALERTS, "workers.alerts.reset_alert_flags", "2026-03-11T12:05:00+09:00")
    await scan(own_env, "2026-03-11T12:05:00+09:00")

    assert len(fake_line_api.delivered_texts_for(line_id)) == 2
    assert [c["status"] for c in await emergency_coupons(own_db, user_id)] == ["EXPIRED", "ACTIVE"]
    retry_keys = {p["retry_key"] for p in fake_line_api.accepted_pushes if p["to"] == line_id}
    assert len(retry_keys) == 2  # two pushes, two keys


async def test_unfollowed_users_get_nothing_and_users_without_pushes_get_the_coupon_only(
    own_env, own_db, fake_line_api
):
    gone_id, gone_line = await make_user(own_db, "line", balance=1000, unfollowed=True)
    quiet_id, quiet_line = await make_user(own_db, "line", balance=1000, push_enabled=False)
    web_id, _ = await make_user(own_db, "web", balance=1000)

    await scan(own_env, "2026-03-12T12:00:00+09:00")

    assert fake_line_api.delivered_texts_for(gone_line) == [] and fake_line_api.delivered_texts_for(quiet_line) == []
    assert await emergency_coupons(own_db, gone_id) == []
    assert len(await emergency_coupons(own_db, quiet_id)) == 1
    assert len(await emergency_coupons(own_db, web_id)) == 1
    assert await own_db.fetchval("SELECT count(*) FROM chatbot.push_outbox WHERE user_id = ANY($1)",
                                 [gone_id, quiet_id, web_id]) == 0


async def test_kakao_users_are_pushed_through_the_event_api(own_env, own_db, fake_kakao_api):
    _, bot_user_key = await make_user(own_db, "kakao", balance=2500)

    await scan(own_env, "2026-03-13T12:00:00+09:00")

    events = [e for e in fake_kakao_api.accepted_events if e["users"][0]["id"] == bot_user_key]
    assert len(events) == 1
    assert events[0]["event"]["name"] == "naviyam_low_balance"
    assert "2,500원" in events[0]["event"]["data"]["text"]
    assert events[0]["headers"]["Authorization"] == f"KakaoAK {fake_kakao_api.rest_api_key}"


async def test_in_quiet_hours_the_coupon_comes_at_once_and_the_push_in_the_morning(own_env, own_db, fake_line_api):
    user_id, line_id = await make_user(own_db, "line", balance=900)

    await scan(own_env, "2026-03-14T23:10:00+09:00")

    assert len(await emergency_coupons(own_db, user_id)) == 1
    assert fake_line_api.delivered_texts_for(line_id) == []
    waiting = await own_db.fetchrow("SELECT status, not_before FROM chatbot.push_outbox WHERE user_id = $1", user_id)
    assert waiting["status"] == "pending" and waiting["not_before"].isoformat() == "2026-03-14T23:00:00+00:00"

    queue = JobQueue.from_url(own_env["REDIS_URL"])
    queue.enqueue(ALERTS, "workers.pushes.dispatch_due_pushes", "2026-03-15T07:59:00+09:00")
    await run_worker(own_env, ALERTS)
    assert fake_line_api.delivered_texts_for(line_id) == []

    queue.enqueue(ALERTS, "workers.pushes.dispatch_due_pushes", "2026-03-15T08:00:00+09:00")
    await run_worker(own_env, ALERTS)
    texts = fake_line_api.delivered_texts_for(line_id)
    assert len(texts) == 1 and "오늘 오후 11시 10분" in texts[0]  # the coupon's end, told as the child's clock says it
