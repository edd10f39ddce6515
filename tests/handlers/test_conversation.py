"""Multi-turn rules (pure): references to shown shops, picks, "다른 데는?", refinements, group build-up."""

import pytest

from handlers.common import carry
from handlers.conversation import feedback_rating, is_pick, name_words, ordinal, referred_shop, route, shop_core_name
from handlers.recommend import current_wish
from handlers.recommender.wish import Wish, group_wish, refine, wish_from
from nlu.types import Intent
from storage.users import MealCard
from tests.handlers.conftest import make_turn

SHOPS = [{"id": 11, "name": "행복분식 건대점"}, {"id": 22, "name": "황금반점"}, {"id": 33, "name": "할매김밥"}]
CARD = MealCard(1, 1, "아동급식카드", 8000, "ACTIVE", 5000, None)


def after_shops(text: str, intent=Intent.UNKNOWN, wish: Wish | None = None, topic="recommend",
                follow: dict | None = None, **entities):
    follow = {"topic": topic, "shops": SHOPS, "shown": [s["id"] for s in SHOPS], "event_id": "e1",
              "wish": (wish or Wish(budget=5000, budget_source="asked")).to_json(), **(follow or {})}
    return make_turn(text, intent, context={"turns": [{"text": "전", "follow_up": follow}]}, **entities)


@pytest.mark.parametrize(("text", "expected"), [
    ("1번", 1), ("두 번째 가게 어디야?", 2), ("2번째", 2), ("세번째꺼", 3), ("첫 번째 갈래", 1), ("마지막 거", -1),
    ("치킨 먹고 싶어", None),
])
def test_ordinals(text, expected):
    assert ordinal(text) == expected


@pytest.mark.parametrize(("text", "pick"), [
    ("1번", True), ("2번 갈래요", True), ("세 번째로 할게", True), ("거기 갈래", True), ("황금반점 갈래요", True),
    ("1번 어디야?", False), ("거기 몇 시까지 해?", False), ("다른 데는?", False), ("황금반점 어디야", False),
])
def test_picks(text, pick):
    assert is_pick(after_shops(text)) is pick


def test_referred_shop_by_ordinal_name_and_there():
    assert referred_shop(after_shops("두 번째 가게 어디야?")) == 22
    assert referred_shop(after_shops("마지막 가게 몇 시까지 해")) == 33
    assert referred_shop(after_shops("행복분식 몇시까지 해?")) == 11
    assert referred_shop(after_shops("거기 몇 시까지 해?")) == 11  # no focus yet: the first shown
    assert referred_shop(after_shops("거기 몇 시까지 해?", follow={"focus": 33})) == 33
    assert referred_shop(after_shops("몇 시까지 해?")) is None
    assert referred_shop(after_shops("5번째 가게 어디야")) is None


def test_core_name_and_name_words():
    assert shop_core_name("행복분식 건대점") == "행복분식"
    assert name_words("명동칼국수 몇 시까지 해?") == "명동칼국수"
    assert name_words("거기 어디야?") == ""
    assert name_words("돼지국밥집 위치 알려줘") == "돼지국밥집"


def test_feedback():
    assert feedback_rating("👍 좋아요") == 5
    assert feedback_rating("👎 별로예요") == 1
    assert feedback_rating("좋아요") == 5
    assert feedback_rating("별로 안 좋아하는데 다른 데는?") is None


def test_routes():
    assert route(make_turn("x", postback="shop_id=5")) == "select"
    assert route(after_shops("2번")) == "select"
    assert route(after_shops("👍 좋아요")) == "feedback"
    assert route(after_shops("다른 데는?", Intent.FOOD_REQUEST)) == "more"
    assert route(after_shops("다른 데 치킨집은?", Intent.FOOD_REQUEST, food_type="치킨")) is None
    assert route(after_shops("돈이 없는데 배고파요", Intent.EMERGENCY_FOOD)) is None
    assert route(make_turn("다른 데는?", Intent.FOOD_REQUEST)) is None  # nothing shown yet
    onboarding = {"turns": [{"follow_up": {"onboarding": {"step": "food", "answers": {}}}}]}
    assert route(make_turn("치킨", Intent.FOOD_REQUEST, context=onboarding, food_type="치킨")) == "onboarding"
    assert route(make_turn("배고파 돈없어", Intent.EMERGENCY_FOOD, context=onboarding)) is None
    waiting = {"turns": [{"follow_up": {"topic": "group", "awaiting": "people", "group": {}}}]}
    assert route(make_turn("6명", Intent.GROUP_DINING, context=waiting, companion_count=6)) == "group"
    assert route(after_shops("1인당 만원으로", Intent.BUDGET_INQUIRY, topic="group", budget=10000)) == "group"


def test_refinement_keeps_the_food_and_takes_the_new_budget():
    chicken = after_shops("만원 이하로", Intent.BUDGET_INQUIRY, wish=Wish(food="치킨", text="치킨"), budget=10000)
    wish = current_wish(chicken)
    assert (wish.food, wish.budget, wish.budget_source) == ("치킨", 10000, "asked")


def test_new_food_or_new_question_starts_over():
    new_food = after_shops("피자 먹고 싶어", Intent.FOOD_REQUEST, wish=Wish(food="치킨", budget=10000,
                                                                         budget_source="asked"), food_type="피자")
    assert current_wish(new_food) == wish_from({"food_type": "피자"}, "피자 먹고 싶어", None)
    question = after_shops("5천원으로 점심 뭐 먹지?", Intent.BUDGET_INQUIRY, wish=Wish(food="치킨"), budget=5000)
    assert current_wish(question).food is None
    anything = after_shops("아무거나 추천해줘", Intent.FOOD_REQUEST, wish=Wish(food="치킨", budget=9000))
    assert current_wish(anything).food is None and current_wish(anything).budget == 9000
    balance_talk = {"turns": [{"follow_up": {"topic": "balance"}}]}
    unrelated = make_turn("만원 이하로", Intent.BUDGET_INQUIRY, context=balance_talk, budget=10000)
    assert current_wish(unrelated).food is None


def test_budget_sources():
    assert wish_from({"budget": 7000}, "", CARD).budget_source == "asked"
    assert (wish_from({}, "", CARD).budget, wish_from({}, "", CARD).budget_source) == (8000, "balance")
    assert wish_from({}, "", None).budget is None
    per_person = group_wish({"budget": 10000}, "1인당 만원", None, 6)
    assert (per_person.budget, per_person.total_budget) == (10000, 60000)
    total = group_wish({"budget": 60000}, "6만원으로 회식", None, 6)
    assert (total.budget, total.budget_source, total.reservation) == (10000, "total", True)
    assert group_wish({}, "룸 있는 곳", None, 10).private_room
    assert refine(Wish(food="치킨", widen=1), Wish(widen=1)).widen == 2


def test_carry_keeps_references_for_the_next_turn():
    turn = after_shops("거기 몇 시까지 해?")
    kept = carry(turn, focus=22)
    assert kept["shops"] == SHOPS and kept["focus"] == 22 and kept["event_id"] == "e1"
