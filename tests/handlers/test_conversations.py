"""Conversations through the real app: ``POST /api/v1/chat`` with the real NLU, PostgreSQL, Redis and demo data,
the dispatcher's clock set by each test."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from bot.keys import DISPATCHER
from handlers import jobs, texts
from storage.queue import COUPONS, LOGS
from storage.users import get_profile
from tests.handlers.checks import card_refusing, closed_ones, shop_rows
from tests.handlers.conftest import KONDAE, SEOUL, TUESDAY_DINNER, TUESDAY_LUNCH, demo_user

HERE = {"latitude": KONDAE.latitude, "longitude": KONDAE.longitude}
CLOCKS = {
    "tuesday lunch": TUESDAY_LUNCH,
    "break time": datetime(2026, 11, 24, 15, 40, tzinfo=SEOUL),
    "past midnight": datetime(2026, 11, 25, 0, 40, tzinfo=SEOUL),
    "sunday evening": datetime(2026, 11, 29, 19, 0, tzinfo=SEOUL),
    "christmas": datetime(2026, 12, 25, 12, 0, tzinfo=SEOUL),
}


class Conversation:
    def __init__(self, client, now: datetime, user: str | None = None, location: dict | None = HERE):
        self.client, self.user, self.location = client, user or f"conv-{uuid.uuid4().hex[:10]}", location
        self.session = uuid.uuid4().hex
        client.app[DISPATCHER].clock = lambda: now

    async def say(self, message: str) -> dict:
        body = {"user_id": self.user, "message": message, "session_id": self.session}
        if self.location:
            body["location"] = self.location
        response = await self.client.post("/api/v1/chat", json=body)
        assert response.status == 200, await response.text()
        answer = await response.json()
        assert answer["response"].strip() and answer["quick_replies"], answer
        return answer


def finals(answer: dict) -> list[int]:
    return [menu["final_price"] for shop in answer["recommendations"] for menu in shop["menus"]]


def shop_ids(answer: dict) -> list[int]:
    return [shop["shop_id"] for shop in answer["recommendations"]]


@pytest.mark.parametrize("clock", list(CLOCKS))
async def test_a_budget_is_kept_and_no_closed_shop_is_recommended(bot_client, pg_pool, clock):
    talk = Conversation(bot_client, CLOCKS[clock])
    answer = await talk.say("5천원으로 점심 뭐 먹지?")
    assert answer["session_info"]["intent"] == "BUDGET_INQUIRY"
    assert all(price <= 5000 for price in finals(answer))
    assert await closed_ones(pg_pool, shop_ids(answer), CLOCKS[clock]) == []
    assert answer["recommendations"] or "원" in answer["response"]


async def test_a_card_holder_sees_only_shops_that_take_the_card_within_the_balance(bot_client, pg_pool):
    external = f"conv-card-{uuid.uuid4().hex[:8]}"
    await demo_user(pg_pool, external, 6000)
    talk = Conversation(bot_client, TUESDAY_DINNER, user=external)
    answer = await talk.say("급식카드 되는 식당")
    assert answer["recommendations"]
    assert await card_refusing(pg_pool, shop_ids(answer)) == []
    assert all(price <= 6000 for price in finals(answer))


async def test_emergency_food_comes_first_and_its_coupon_is_queued_once(bot_client, pg_pool, queued):
    external = f"conv-hungry-{uuid.uuid4().hex[:8]}"
    user, _ = await demo_user(pg_pool, external, 2000)
    talk = Conversation(bot_client, TUESDAY_LUNCH, user=external)
    answers = [await talk.say(text) for text in ("돈이 없는데 배고파요", "배고파요 돈 없어요", "이틀째 굶고 있어요")]
    first = answers[0]
    assert first["session_info"]["intent"] == "EMERGENCY_FOOD"
    assert first["response"].startswith(texts.EMERGENCY_INTRO) and first["recommendations"]
    assert all(price <= 2000 for answer in answers for price in finals(answer))
    assert queued(COUPONS).count(jobs.emergency_job_id(user.user_id)) == 1
    assert texts.EMERGENCY_HELPLINE in answers[2]["response"]


async def test_refine_then_more_then_there(bot_client, pg_pool):
    talk = Conversation(bot_client, TUESDAY_DINNER)
    chicken = await talk.say("치킨")
    assert chicken["recommendations"]
    refined = await talk.say("만원 이하로")
    assert refined["session_info"]["intent"] == "BUDGET_INQUIRY"
    assert refined["recommendations"], refined["response"]
    assert {shop["category"] for shop in refined["recommendations"]} == {"치킨"}
    assert all(price <= 10000 for price in finals(refined))
    more = await talk.say("다른 데는?")
    assert not set(shop_ids(more)) & set(shop_ids(refined))
    assert {shop["category"] for shop in more["recommendations"]} <= {"치킨"}
    last = more if more["recommendations"] else refined
    hours = await talk.say("거기 몇 시까지 해?")
    assert last["recommendations"][0]["shop_name"] in hours["response"]


async def test_second_shop_where_and_a_pick_that_is_logged(bot_client, queued):
    talk = Conversation(bot_client, TUESDAY_LUNCH)
    shown = await talk.say("짜장면 먹고 싶어")
    assert len(shown["recommendations"]) >= 2
    assert all("짜장" in menu["menu_name"] for shop in shown["recommendations"] for menu in shop["menus"])
    where = await talk.say("두 번째 가게 어디야?")
    assert where["response"].startswith(shown["recommendations"][1]["shop_name"])
    option = await talk.say("곱빼기 돼?")
    assert "곱빼기" in option["response"]
    before = {job for job in queued(LOGS) if job.startswith("choice-")}
    picked = await talk.say("1번")
    assert shown["recommendations"][0]["shop_name"] in picked["response"]
    assert {job for job in queued(LOGS) if job.startswith("choice-")} - before


async def test_a_new_topic_starts_over(bot_client):
    talk = Conversation(bot_client, TUESDAY_LUNCH)
    await talk.say("치킨 먹고 싶어")
    fresh = await talk.say("5천원으로 점심 뭐 먹지?")
    assert "치킨" not in fresh["response"].split("\n")[0]
    assert all(price <= 5000 for price in finals(fresh))


async def test_onboarding_of_a_new_user(bot_client, pg_pool, queued):
    talk = Conversation(bot_client, TUESDAY_LUNCH, location=None)
    hello = await talk.say("안녕")
    assert texts.ONBOARD_QUESTIONS["food"] in hello["response"]
    assert any(q["label"] == "건너뛰기" for q in hello["quick_replies"])
    assert texts.ONBOARD_QUESTIONS["budget"] in (await talk.say("치킨"))["response"]
    assert texts.ONBOARD_QUESTIONS["spicy"] in (await talk.say("건너뛰기"))["response"]
    assert (await talk.say("매운 거 좋아요"))["response"] == texts.ONBOARD_DONE
    user_id = await pg_pool.fetchval("SELECT id FROM chatbot.users WHERE platform = 'web' AND external_user_id = $1",
                                     talk.user)
    profile = await get_profile(pg_pool, user_id)
    assert profile.preferred_categories == ("치킨",) and profile.taste_preferences["매운맛"] == 0.9
    assert queued(COUPONS).count(jobs.welcome_job_id(user_id)) == 1
    await talk.say("안녕")
    assert queued(COUPONS).count(jobs.welcome_job_id(user_id)) == 1


async def test_group_dining_asks_the_head_count_then_counts_the_total(bot_client, pg_pool):
    talk = Conversation(bot_client, TUESDAY_DINNER)
    asked = await talk.say("단체 회식 장소 추천해줘 1인당 만원")
    assert texts.GROUP_ASK_PEOPLE in asked["response"] and not asked["recommendations"]
    answer = await talk.say("6명")
    assert answer["recommendations"] and "60,000원" in answer["response"]
    rows = await shop_rows(pg_pool, shop_ids(answer))
    assert all(row["seat_count"] >= 6 for row in rows.values())
    assert all(price <= 10000 for price in finals(answer))


@pytest.mark.parametrize(("message", "intent", "expected"), [
    ("카드 잔액 얼마야?", "BALANCE_CHECK", "카드"),
    ("충전 언제 돼요?", "BALANCE_CHARGE", "충전"),
    ("내 쿠폰 보여줘", "COUPON_INQUIRY", "쿠폰"),
    ("고마워", "GENERAL_CHAT", "천만에요"),
    ("주식 추천해줘", "UNKNOWN", "잘 모르겠어요"),
])
async def test_every_other_intent_answers_kindly(bot_client, message, intent, expected):
    talk = Conversation(bot_client, TUESDAY_LUNCH)
    await talk.say("안녕")  # past the welcome
    await talk.say("그만")
    answer = await talk.say(message)
    assert answer["session_info"]["intent"] == intent
    assert expected in answer["response"] and len(answer["quick_replies"]) >= 2
    assert "사용자님" not in answer["response"]
