"""The recommendation handlers over the real demo data, turn by turn (hand-built NLU results, real SQL)."""

import uuid
from datetime import datetime, timedelta

from handlers import texts
from handlers.registry import handler_for
from nlu.types import Intent
from storage.coupons import issue_coupon
from tests.handlers.checks import card_refusing, closed_ones, over_budget, shop_rows
from tests.handlers.conftest import (
    KONDAE,
    SEOUL,
    SILLIM,
    TUESDAY_DINNER,
    TUESDAY_LUNCH,
    demo_user,
    make_turn,
    next_context,
)


async def ask(deps, text, intent, **kwargs):
    turn = make_turn(text, intent, **kwargs)
    return turn, await handler_for(turn.nlu.intent)(turn, deps)


async def test_budget_lunch_near_kondae(deps, pg_pool):
    _, reply = await ask(deps, "5천원으로 점심 뭐 먹지?", Intent.BUDGET_INQUIRY, budget=5000)
    ids = [card.shop_id for card in reply.cards]
    assert 3 <= len(ids) <= 5 and len(set(ids)) == len(ids)
    assert over_budget(reply.cards, 5000) == []
    assert await closed_ones(pg_pool, ids, TUESDAY_LUNCH) == []
    assert all("BUDGET_FIT" in card.reason_codes for card in reply.cards)
    assert all(card.distance_m is not None and card.walk_minutes for card in reply.cards)
    assert reply.recommendation_method == "HYBRID" and reply.total_candidates >= len(ids)
    assert reply.follow_up["shops"][0]["id"] == ids[0] and reply.follow_up["wish"]["budget"] == 5000
    assert len({card.category for card in reply.cards}) >= 2  # MMR: not five of a kind


async def test_a_card_holder_only_sees_shops_that_take_the_card_within_the_balance(deps, pg_pool):
    _, card = await demo_user(pg_pool, f"handlers-card-{uuid.uuid4().hex[:8]}", 8000)
    _, reply = await ask(deps, "배고파 뭐 먹지", Intent.FOOD_REQUEST, card=card, now=TUESDAY_DINNER)
    ids = [c.shop_id for c in reply.cards]
    assert ids and await card_refusing(pg_pool, ids) == []
    assert over_budget(reply.cards, 8000) == []
    assert "잔액 8,000원" in reply.text


async def test_a_coupon_brings_a_dearer_menu_within_the_budget(deps, pg_pool):
    user, card = await demo_user(pg_pool, f"handlers-coupon-{uuid.uuid4().hex[:8]}", 3000)
    async with pg_pool.acquire() as conn:
        await issue_coupon(conn, user_id=user.user_id, coupon_id="EMERGENCY_FOOD_AID",
                           issue_key=f"test-{user.user_id}",
                           source="EMERGENCY_ASSIST", at=TUESDAY_LUNCH - timedelta(hours=1))
    _, reply = await ask(deps, "3천원으로 뭐 먹지", Intent.BUDGET_INQUIRY, user=user, card=card, budget=3000)
    assert reply.cards and over_budget(reply.cards, 3000) == []
    discounted = [m for c in reply.cards for m in c.menus if m.price > 3000]
    assert discounted, "a 5,000-won coupon makes dearer menus fit 3,000 won"
    assert all(c.coupon_name for c in reply.cards if any(m.discounted for m in c.menus))


async def test_a_dish_filters_menus_and_a_category_word_filters_shops(deps, pg_pool):
    _, reply = await ask(deps, "짜장 먹고 싶어", Intent.FOOD_REQUEST, food_type="짜장")
    assert reply.cards and all("짜장" in m.name for c in reply.cards for m in c.menus)
    _, reply = await ask(deps, "중국집 추천", Intent.FOOD_REQUEST, food_type="중국집")
    assert reply.cards and {c.category for c in reply.cards} == {"중식"}


async def test_a_named_place_is_searched_around(deps):
    _, reply = await ask(deps, "신림역 근처 떡볶이", Intent.FOOD_REQUEST, position=KONDAE, food_type="떡볶이",
                         location="신림역")
    assert reply.cards and reply.text.startswith("신림")
    assert all(c.distance_m < 4000 for c in reply.cards)  # measured from 신림, not from the shared 건대 position
    assert all(abs(c.latitude - SILLIM.latitude) < 0.03 for c in reply.cards)


async def test_nothing_within_a_tiny_budget_says_why_and_offers_the_way_out(deps):
    _, reply = await ask(deps, "천원으로 뭐 먹지", Intent.BUDGET_INQUIRY, budget=500)
    assert reply.cards == ()
    assert "500원" in reply.text and reply.quick_replies[0].label.endswith("원으로 찾기")
    assert reply.follow_up["wish"]["budget"] == 500


async def test_in_the_small_hours_only_open_shops_or_a_shop_opening_soon(deps, pg_pool):
    night = datetime(2026, 11, 25, 4, 10, tzinfo=SEOUL)
    _, reply = await ask(deps, "배고파 뭐 먹지", Intent.FOOD_REQUEST, now=night, position=SILLIM)
    assert await closed_ones(pg_pool, [c.shop_id for c in reply.cards], night) == []
    assert reply.cards or "열어요" in reply.text


async def test_more_shows_other_shops_and_then_says_there_are_no_more(deps):
    turn, first = await ask(deps, "5천원으로 점심 뭐 먹지?", Intent.BUDGET_INQUIRY, budget=5000)
    seen = {c.shop_id for c in first.cards}
    context = next_context({}, turn, first)
    for _ in range(12):
        turn = make_turn("다른 데는?", Intent.FOOD_REQUEST, context=context)
        reply = await handler_for(turn.nlu.intent)(turn, deps)
        if not reply.cards:
            assert reply.text == texts.MORE_NONE
            break
        ids = {c.shop_id for c in reply.cards}
        assert not ids & seen and over_budget(reply.cards, 5000) == []
        seen |= ids
        context = next_context(context, turn, reply)
    else:
        raise AssertionError("the shops never ran out")


async def test_group_dining_needs_seats_and_asks_for_the_head_count(deps, pg_pool):
    turn, asked = await ask(deps, "단체 회식 장소 1인당 만원", Intent.GROUP_DINING, budget=10000, now=TUESDAY_DINNER)
    assert asked.cards == () and asked.text == texts.GROUP_ASK_PEOPLE
    follow = make_turn("12명", Intent.GROUP_DINING, context=next_context({}, turn, asked), companion_count=12,
                       now=TUESDAY_DINNER)
    reply = await handler_for(follow.nlu.intent)(follow, deps)
    rows = await shop_rows(pg_pool, [c.shop_id for c in reply.cards])
    assert reply.cards and all(row["seat_count"] >= 12 and row["accepts_group_reservation"] for row in rows.values())
    assert "120,000원" in reply.text and over_budget(reply.cards, 10000) == []
    assert all(c.note and "좌석" in c.note for c in reply.cards)


async def test_a_private_room_when_asked(deps, pg_pool):
    _, reply = await ask(deps, "8명 룸 있는 식당", Intent.GROUP_DINING, companion_count=8, now=TUESDAY_DINNER)
    rows = await shop_rows(pg_pool, [c.shop_id for c in reply.cards])
    assert all(row["has_private_room"] for row in rows.values())
    assert reply.cards or reply.quick_replies


async def test_profile_preferences_lift_the_preferred_category(deps):
    from storage.users import Profile

    _, plain = await ask(deps, "뭐 먹지", Intent.FOOD_REQUEST, now=TUESDAY_DINNER)
    profile = Profile(user_id=0, preferred_categories=("중식",), data_completeness=0.6)
    _, liked = await ask(deps, "뭐 먹지", Intent.FOOD_REQUEST, now=TUESDAY_DINNER, profile=profile)
    count = sum(c.category == "중식" for c in liked.cards)
    assert count >= sum(c.category == "중식" for c in plain.cards) and count >= 1
    assert any("USER_PREFERENCE" in c.reason_codes for c in liked.cards)
