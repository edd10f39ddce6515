"""A Redis or PostgreSQL that is down: the child still gets a friendly answer, /readyz says 503, and the turn is
not lost."""

import uuid
from dataclasses import replace

import redis

from bot.app import create_app
from handlers import texts
from storage.turn_buffer import TurnBuffer
from storage.turn_log import TurnLog, write_turn
from tests.bot.conftest import KAKAO_SECRET
from tests.bot.test_kakao import skill_payload
from tests.fakes.kakao_schema import validate_skill_response

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_POSTGRES = "postgresql://postgres@127.0.0.1:1/naviyam"


async def ask_kakao(client, text: str, user: str) -> dict:
    response = await client.post("/webhooks/kakao", json=skill_payload(text, user=user),
                                 headers={"X-Skill-Secret": KAKAO_SECRET})
    assert response.status == 200
    body = await response.json()
    assert validate_skill_response(body) == []
    return body


async def test_with_redis_down_kakao_still_answers_and_the_turn_reaches_postgres(
    aiohttp_client, bot_settings, nlu_pipeline, pg_pool
):
    client = await aiohttp_client(create_app(replace(bot_settings, redis_url=DEAD_REDIS), nlu_pipeline=nlu_pipeline))
    user = f"bu-redis-down-{uuid.uuid4().hex[:8]}"
    body = await ask_kakao(client, "5천원으로 점심 뭐 먹지?", user)
    assert body["template"]["outputs"][0]["simpleText"]["text"]
    assert (await client.get("/readyz")).status == 503
    rows = await pg_pool.fetchval(
        """SELECT count(*) FROM chatbot.conversations c JOIN chatbot.users u ON u.id = c.user_id
           WHERE u.platform = 'kakao' AND u.external_user_id = $1""",
        user,
    )
    assert rows == 1


async def test_with_postgres_down_kakao_gets_a_friendly_answer_and_the_turn_waits_in_the_queue(
    aiohttp_client, bot_settings, nlu_pipeline, pg_pool, redis_url
):
    client = await aiohttp_client(
        create_app(replace(bot_settings, database_url=DEAD_POSTGRES), nlu_pipeline=nlu_pipeline)
    )
    user = f"bu-pg-down-{uuid.uuid4().hex[:8]}"
    body = await ask_kakao(client, "5천원으로 점심 뭐 먹지?", user)
    assert body["template"]["outputs"][0]["simpleText"]["text"] == texts.TEMPORARILY_UNAVAILABLE
    assert (await client.get("/readyz")).status == 503
    buffer = TurnBuffer(redis.Redis.from_url(redis_url))
    waiting = [t for t in buffer.pending_turns(100_000) if t.get("external_user_id") == user]
    assert len(waiting) == 1
    # PostgreSQL is back: the waiting turn is written, once, however often it is written.
    turn = TurnLog.from_json(waiting[0])
    async with pg_pool.acquire() as conn:
        assert await write_turn(conn, turn) is True
        assert await write_turn(conn, turn) is False
    count = await pg_pool.fetchval("SELECT count(*) FROM chatbot.conversations WHERE event_id = $1", turn.event_id)
    assert count == 1
