"""Emergency, balance, coupons, shop questions, choices and onboarding, turn by turn over the real database."""

import uuid
from datetime import timedelta

from handlers import jobs, texts
from handlers.registry import NON_TEXT_HANDLER, handler_for
from nlu.types import Intent
from storage.coupons import issue_coupon
from storage.queue import COUPONS, LOGS
from storage.recommendations import Choice, RecommendationLogMissing, record_choice
from storage.turn_log import TurnLog, write_turn
from storage.users import get_profile
from tests.handlers.checks import over_budget, shop_rows
from tests.handlers.conftest import TUESDAY_DINNER, TUESDAY_LUNCH, demo_user, make_turn, next_context


def uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def run(deps, turn):
    handler = handler_for(turn.nlu.intent) if turn.kind == "text" else NON_TEXT_HANDLER
    return await handler(turn, deps)


async def test_emergency_shows_food_first_free_meals_first_and_queues_one_coupon(deps, pg_pool, queued):
    user, card = await demo_user(pg_pool, uid("hungry"), 3000)
    replies = []
    for _ in range(3):
        turn = make_turn("이틀째 굶고 있어요", Intent.EMERGENCY_FOOD, user=user, card=card, urgency="high")
        replies.append(await run(deps, turn))
    first = replies[0]
    assert first.text.startswith(texts.EMERGENCY_INTRO) and first.cards
    assert first.recommendation_method == "EMERGENCY"
    assert texts.EMERGENCY_COUPON_COMING in first.text and texts.EMERGENCY_HELPLINE in first.text
    goods = [card_.good_influence for card_ in first.cards]
    assert goods == sorted(goods, reverse=True), "free meals at 선한영향력가게 come first"
    assert over_budget(first.cards, 3000) == []
    assert all(m.final_price == 0 for c in first.cards if c.good_influence for m in c.menus)
    assert queued(COUPONS).count(jobs.emergency_job_id(user.user_id)) == 1
    assert "?" not in first.text.split("\n")[0]


async def test_no_emergency_coupon_twice_in_24_hours_or_for_a_full_card(deps, pg_pool, queued):
    user, card = await demo_user(pg_pool, uid("had-one"), 1000)
    async with pg_pool.acquire() as conn:
        await issue_coupon(conn, user_id=user.user_id, coupon_id="EMERGENCY_FOOD_AID", issue_key=uid("k"),
                           source="EMERGENCY_ASSIST", at=TUESDAY_LUNCH - timedelta(hours=3))
    reply = await run(deps, make_turn("배고파 돈 없어", Intent.EMERGENCY_FOOD, user=user, card=card))
    assert texts.EMERGENCY_COUPON_HELD in reply.text
    assert jobs.emergency_job_id(user.user_id) not in queued(COUPONS)
    rich, rich_card = await demo_user(pg_pool, uid("rich"), 30000)
    reply = await run(deps, make_turn("배고파 죽겠어", Intent.EMERGENCY_FOOD, user=rich, card=rich_card))
    assert reply.cards and jobs.emergency_job_id(rich.user_id) not in queued(COUPONS)


async def test_balance_check_and_charge(deps, pg_pool):
    _, low = await demo_user(pg_pool, uid("low"), 3500)
    reply = await run(deps, make_turn("잔액 얼마야", Intent.BALANCE_CHECK, card=low, now=low.last_sync_at))
    assert "3,500원" in reply.text and "방금 기준" in reply.text and texts.BALANCE_LOW_NOTE.strip() in reply.text
    assert reply.quick_replies[0].text == "3500원으로 먹을 수 있는 곳 알려줘"
    later = make_turn("잔액", Intent.BALANCE_CHECK, card=low, now=low.last_sync_at + timedelta(minutes=5))
    assert "5분 전 기준" in (await run(deps, later)).text
    assert (await run(deps, make_turn("잔액", Intent.BALANCE_CHECK))).text == texts.BALANCE_NO_CARD
    charge = await run(deps, make_turn("충전 언제 돼요", Intent.BALANCE_CHARGE, card=low))
    assert "매달" in charge.text and "3,500원" in charge.text


async def test_coupons_with_expiry_where_and_the_price_at_a_shop(deps, pg_pool):
    user, card = await demo_user(pg_pool, uid("coupons"), 9000)
    assert (await run(deps, make_turn("내 쿠폰", Intent.COUPON_INQUIRY, user=user))).text == texts.COUPON_NONE
    async with pg_pool.acquire() as conn:
        await issue_coupon(conn, user_id=user.user_id, coupon_id="BUNSIK10", issue_key=uid("k"), source="PROMOTION",
                           at=TUESDAY_LUNCH - timedelta(days=1))
    listed = await run(deps, make_turn("내 쿠폰 보여줘", Intent.COUPON_INQUIRY, user=user))
    assert "분식 10% 할인" in listed.text and "분식 가게" in listed.text and "12월 31일" in listed.text
    shown_turn = make_turn("분식집 추천", Intent.FOOD_REQUEST, user=user, card=card, food_type="분식")
    shown = await run(deps, shown_turn)
    turn = make_turn("거기서 쿠폰 쓰면 얼마야", Intent.COUPON_INQUIRY, user=user, card=card,
                     context=next_context({}, shown_turn, shown))
    at_shop = await run(deps, turn)
    assert shown.cards[0].name in at_shop.text and "→" in at_shop.text


async def test_questions_about_the_shops_just_shown(deps):
    first_turn = make_turn("짜장면 먹고 싶어", Intent.FOOD_REQUEST, food_type="짜장면")
    shown = await run(deps, first_turn)
    context = next_context({}, first_turn, shown)
    names = [c.name for c in shown.cards]
    hours = await run(deps, make_turn("거기 몇 시까지 해?", Intent.TIME_INQUIRY, context=context))
    assert hours.text.startswith(names[0]) and "오늘" in hours.text
    assert hours.follow_up["focus"] == shown.cards[0].shop_id
    where = await run(deps, make_turn("두 번째 가게 어디야?", Intent.LOCATION_INQUIRY, context=context))
    assert where.text.startswith(names[1]) and "걸어서" in where.text and where.buttons[0].kind == "url"
    option = await run(deps, make_turn("곱빼기 돼?", Intent.MENU_OPTION, context=context, menu_options=["곱빼기"]))
    assert names[0] in option.text and "곱빼기" in option.text
    assert option.follow_up["shops"] == shown.follow_up["shops"]


async def test_a_shop_asked_by_name(deps, pg_pool):
    name = await pg_pool.fetchval("SELECT shop_name FROM chatbot.shops WHERE category = '중식' ORDER BY id LIMIT 1")
    reply = await run(deps, make_turn(f"{name} 몇 시까지 해?", Intent.TIME_INQUIRY, position=None))
    assert reply.text.startswith(name)
    assert (await run(deps, make_turn("몇 시까지 해?", Intent.TIME_INQUIRY))).text == texts.WHICH_SHOP


async def test_a_choice_is_logged_on_the_recommendation_row(deps, pg_pool, queued, job_queue):
    user, _ = await demo_user(pg_pool, uid("chooser"), None)
    session = str(uuid.uuid4())
    shown_turn = make_turn("5천원으로 점심 뭐 먹지?", Intent.BUDGET_INQUIRY, user=user, session_id=session, budget=5000)
    shown = await run(deps, shown_turn)
    pick = make_turn("2번 갈래요", Intent.UNKNOWN, user=user, session_id=session,
                     context=next_context({}, shown_turn, shown), now=TUESDAY_LUNCH + timedelta(seconds=42))
    picked = await run(deps, pick)
    assert picked.text.startswith(texts.PICKED.format(name=shown.cards[1].name))
    job_id = jobs.safe_job_id("choice", pick.event_id)
    assert job_id in queued(LOGS)
    choice = Choice.from_json(job_queue.queue(LOGS).fetch_job(job_id).args[0])
    async with pg_pool.acquire() as conn:
        try:
            await record_choice(conn, choice)
            raise AssertionError("the recommendation was not logged yet")
        except RecommendationLogMissing:
            pass
        await write_turn(conn, shown_log(shown_turn, shown, user.user_id))
        assert await record_choice(conn, choice) is True
        assert await record_choice(conn, choice) is False  # a retried job changes nothing twice
        row = await conn.fetchrow("SELECT user_final_selection, time_to_decision_ms FROM chatbot.recommendations_log "
                                  "WHERE event_id = $1", shown_turn.event_id)
        assert (row["user_final_selection"], row["time_to_decision_ms"]) == (shown.cards[1].shop_id, 42_000)
        feedback = await conn.fetchval("SELECT count(*) FROM ml_training.recommendation_feedback "
                                       "WHERE selected_shop_id = $1 AND user_id = $2", shown.cards[1].shop_id,
                                       user.user_id)
        assert feedback == 1


def shown_log(turn, reply, user_id) -> TurnLog:
    from bot.dispatcher import _card_log

    return TurnLog(event_id=turn.event_id, session_id=turn.session_id, channel="web", platform="web",
                   external_user_id="x", user_key="x", timestamp=turn.now.isoformat(), input_text=turn.text,
                   response_text=reply.text, intent=turn.nlu.intent.value, confidence=0.9, user_id=user_id,
                   recommendations=[_card_log(i, c) for i, c in enumerate(reply.cards, 1)],
                   recommendation_method=reply.recommendation_method, total_candidates=reply.total_candidates)


async def test_a_card_button_and_a_thumbs_up(deps, pg_pool, queued):
    user, _ = await demo_user(pg_pool, uid("button"), None)
    shown_turn = make_turn("치킨", Intent.FOOD_REQUEST, user=user, food_type="치킨", now=TUESDAY_DINNER)
    shown = await run(deps, shown_turn)
    shop_id = shown.cards[0].shop_id
    button = make_turn("", kind="postback", postback=f"shop_id={shop_id}", user=user,
                       context=next_context({}, shown_turn, shown))
    picked = await run(deps, button)
    assert picked.follow_up["focus"] == shop_id and picked.quick_replies[0] == texts.QR_LIKE
    like = make_turn("👍 좋아요", user=user, context=next_context(button.context, button, picked))
    assert (await run(deps, like)).text == texts.FEEDBACK_UP
    assert jobs.safe_job_id("choice", like.event_id) in queued(LOGS)
    assert shop_id in (await get_profile(pg_pool, user.user_id)).favorite_shops


async def test_onboarding_asks_three_skippable_questions_and_saves_a_profile(deps, pg_pool, queued):
    user, _ = await demo_user(pg_pool, uid("newbie"))
    new_user = user.__class__(**{**user.__dict__, "is_new": True})
    turn = make_turn("안녕", Intent.GENERAL_CHAT, user=new_user)
    reply = await run(deps, turn)
    assert texts.ONBOARD_QUESTIONS["food"] in reply.text and texts.WELCOME_COUPON.strip() in reply.text
    assert queued(COUPONS).count(jobs.welcome_job_id(user.user_id)) == 1
    context = next_context({}, turn, reply)
    for text, intent, entities in (("치킨", Intent.FOOD_REQUEST, {"food_type": "치킨"}),
                                   ("건너뛰기", Intent.UNKNOWN, {}),
                                   ("매운 거 좋아요", Intent.GENERAL_CHAT, {})):
        turn = make_turn(text, intent, user=user, context=context, **entities)
        reply = await run(deps, turn)
        context = next_context(context, turn, reply)
    assert reply.text == texts.ONBOARD_DONE
    profile = await get_profile(pg_pool, user.user_id)
    assert profile.preferred_categories == ("치킨",) and profile.taste_preferences == {"매운맛": 0.9}
    assert profile.average_budget is None and profile.data_completeness == 0.4
    again = await run(deps, make_turn("안녕", Intent.GENERAL_CHAT, user=new_user))
    assert texts.WELCOME_COUPON.strip() not in again.text
    assert queued(COUPONS).count(jobs.welcome_job_id(user.user_id)) == 1


async def test_a_new_users_first_request_is_answered_first(deps, pg_pool):
    user, _ = await demo_user(pg_pool, uid("first-ask"))
    new_user = user.__class__(**{**user.__dict__, "is_new": True})
    reply = await run(deps, make_turn("5천원으로 점심 뭐 먹지?", Intent.BUDGET_INQUIRY, user=new_user, budget=5000))
    assert reply.cards and reply.text.startswith(texts.WELCOME_LINE.strip())
    assert texts.QR_TELL_TASTE in reply.quick_replies
    emergency = await run(deps, make_turn("배고파요 돈 없어", Intent.EMERGENCY_FOOD, user=new_user))
    assert emergency.text.startswith(texts.EMERGENCY_INTRO)


async def test_onboarding_gives_way_to_another_request(deps, pg_pool):
    user, card = await demo_user(pg_pool, uid("busy"), 7000)
    context = {"turns": [{"follow_up": {"topic": "onboarding", "onboarding": {"step": "food", "answers": {}}}}]}
    reply = await run(deps, make_turn("잔액 얼마야", Intent.BALANCE_CHECK, user=user, card=card, context=context))
    assert "7,000원" in reply.text and "onboarding" not in reply.follow_up


async def test_small_talk_and_the_unknown_always_show_what_the_bot_can_do(deps):
    talk = (("고마워", Intent.GENERAL_CHAT), ("너 누구야", Intent.GENERAL_CHAT), ("주식 추천", Intent.UNKNOWN))
    for text, intent in talk:
        reply = await run(deps, make_turn(text, intent))
        assert reply.text and len(reply.quick_replies) >= 3
    follow = await run(deps, make_turn("", kind="follow"))
    assert texts.FOLLOW_GREETING in follow.text


async def test_group_rows_match_the_cards(deps, pg_pool):
    reply = await run(deps, make_turn("6명이서 먹을 곳", Intent.GROUP_DINING, companion_count=6, now=TUESDAY_DINNER))
    rows = await shop_rows(pg_pool, [c.shop_id for c in reply.cards])
    assert reply.cards and all(row["seat_count"] >= 6 for row in rows.values())
