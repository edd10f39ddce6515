"""'탈퇴' in chat: asked once to confirm; "네" deletes the user everywhere, "아니요" keeps everything."""

import uuid

from handlers import texts


async def say(client, user: str, message: str) -> dict:
    response = await client.post("/api/v1/chat", json={"user_id": user, "message": message, "session_id": "w"})
    assert response.status == 200
    return await response.json()


async def user_exists(pg_pool, user: str) -> bool:
    return bool(await pg_pool.fetchval(
        "SELECT 1 FROM chatbot.users WHERE platform = 'web' AND external_user_id = $1", user))


async def test_withdrawal_is_confirmed_then_everything_is_deleted(bot_client, pg_pool):
    user = f"leaving-{uuid.uuid4().hex[:8]}"
    await say(bot_client, user, "5천원으로 점심 뭐 먹지?")
    asked = await say(bot_client, user, "탈퇴할래")
    assert asked["response"] == texts.WITHDRAWAL_CONFIRM
    assert [q["label"] for q in asked["quick_replies"]] == [texts.WITHDRAWAL_YES, texts.WITHDRAWAL_NO]
    assert await user_exists(pg_pool, user)
    done = await say(bot_client, user, texts.WITHDRAWAL_YES)
    assert done["response"] == texts.WITHDRAWAL_DONE
    assert not await user_exists(pg_pool, user)


async def test_saying_no_keeps_everything(bot_client, pg_pool):
    user = f"staying-{uuid.uuid4().hex[:8]}"
    await say(bot_client, user, "안녕")
    await say(bot_client, user, "내 정보 다 지워줘")
    kept = await say(bot_client, user, texts.WITHDRAWAL_NO)
    assert kept["response"] == texts.WITHDRAWAL_CANCELLED
    assert await user_exists(pg_pool, user)
