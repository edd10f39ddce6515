"""One pipeline: the same question gets the same shops through LINE, Kakao and the web API."""

import uuid

from tests.bot.conftest import KAKAO_SECRET, settle
from tests.bot.test_kakao import skill_payload
from tests.bot.test_line import new_user_id, post_line, text_event

QUESTION = "5천원으로 점심 뭐 먹지?"


async def web_shop_ids(client) -> list[int]:
    response = await client.post("/api/v1/chat", json={"user_id": f"agree-{uuid.uuid4().hex}", "message": QUESTION})
    return [shop["shop_id"] for shop in (await response.json())["recommendations"]]


async def kakao_shop_ids(client) -> list[int]:
    response = await client.post("/webhooks/kakao", json=skill_payload(QUESTION),
                                 headers={"X-Skill-Secret": KAKAO_SECRET})
    outputs = (await response.json())["template"]["outputs"]
    items = next(o["carousel"]["items"] for o in outputs if "carousel" in o)
    return [item["buttons"][0]["extra"]["shop_id"] for item in items]  # a carousel shows at most 5 listCards


async def line_shop_ids(client, fake) -> list[int]:
    await post_line(client, [text_event(fake, new_user_id(), QUESTION)])
    await settle(client)
    flex = next(m for m in fake.accepted_replies[-1]["messages"] if m["type"] == "flex")
    return [int(bubble["footer"]["contents"][0]["action"]["data"].split("=")[1])
            for bubble in flex["contents"]["contents"]]


async def test_same_question_same_shops_on_every_channel(bot_client, fake_line_api):
    web = await web_shop_ids(bot_client)
    assert web, "the demo data has shops for 5천원"
    assert await kakao_shop_ids(bot_client) == web[:5]
    assert await line_shop_ids(bot_client, fake_line_api) == web
