"""``POST /api/v1/chat`` through the real app, NLU, database and demo data."""

import uuid

import pytest
from rq import Queue
from rq.serializers import JSONSerializer

from storage.queue import LOGS
from storage.turn_buffer import TurnBuffer
from storage.turn_log import FLUSH_JOB_PATH


def new_user() -> str:
    return f"web-{uuid.uuid4().hex[:10]}"


async def chat(client, message: str, user_id: str | None = None, **extra) -> dict:
    response = await client.post("/api/v1/chat", json={"user_id": user_id or new_user(), "message": message, **extra})
    assert response.status == 200, await response.text()
    assert response.headers["X-Request-Id"]
    return await response.json()


async def test_budget_question_gets_shops_within_the_budget(bot_client):
    body = await chat(bot_client, "5천원으로 점심 뭐 먹지?", location={"latitude": 37.5404, "longitude": 127.0692})
    assert body["session_info"]["intent"] == "BUDGET_INQUIRY"
    assert 0 < body["session_info"]["confidence"] <= 1
    assert body["session_info"]["conversation_turn"] == 1
    assert body["recommendations"], body["response"]
    for shop in body["recommendations"]:
        assert shop["menus"]
        assert all(menu["final_price"] <= 5000 for menu in shop["menus"])
    assert body["quick_replies"]


async def test_conversation_turns_count_up_in_one_session(bot_client):
    user = new_user()
    first = await chat(bot_client, "안녕", user_id=user, session_id="s1")
    second = await chat(bot_client, "고마워", user_id=user, session_id="s1")
    assert first["session_info"]["conversation_turn"] == 1
    assert second["session_info"]["conversation_turn"] == 2


@pytest.mark.parametrize(
    "message",
    ["", "   ", "ㅋㅋㅋㅋㅋㅋ", "🍕🍕🍕", "'; DROP TABLE chatbot.shops; --", "가" * 10_000, "\x00\x01\x02 제어문자"],
)
async def test_odd_messages_get_a_friendly_defined_answer(bot_client, pg_pool, message):
    body = await chat(bot_client, message)
    assert body["response"].strip()
    assert body["session_info"]["intent"] in {"UNKNOWN", "GENERAL_CHAT"}
    assert await pg_pool.fetchval("SELECT count(*) FROM chatbot.shops") >= 300


@pytest.mark.parametrize(
    ("payload", "reason"),
    [(b"{not json", "malformed JSON"), (b'{"message": "hi"}', "user_id"), (b"[]", "")],
)
async def test_bad_requests_get_400_with_a_reason(bot_client, payload, reason):
    response = await bot_client.post("/api/v1/chat", data=payload, headers={"Content-Type": "application/json"})
    assert response.status == 400
    body = await response.json()
    assert body["error"] == "bad_request"
    assert reason in body["detail"]


async def test_each_turn_enqueues_its_log_once(bot_client, redis_url):
    import redis

    user = new_user()
    await chat(bot_client, "치킨 먹고 싶어", user)
    connection = redis.Redis.from_url(redis_url)
    waiting = [t for t in TurnBuffer(connection).pending_turns(100_000) if t["external_user_id"] == user]
    assert len(waiting) == 1  # in the turn buffer, where a flush job of the logs queue picks it up
    queue = Queue(LOGS, connection=connection, serializer=JSONSerializer)
    assert FLUSH_JOB_PATH in {job.func_name for job in queue.get_jobs()}


async def test_concurrent_first_messages_of_one_user_share_one_session(bot_client):
    import asyncio

    from bot.incoming import IncomingMessage
    from bot.keys import DISPATCHER

    user = new_user()
    message = IncomingMessage(channel="kakao", user_key=f"ka_{user}", external_user_id=user, text="안녕")
    sessions = await asyncio.gather(*(bot_client.app[DISPATCHER]._session_id(message) for _ in range(4)))
    assert len(set(sessions)) == 1
