"""The rules around the classifier (pure functions, no JVM) and the final decision."""

from __future__ import annotations

import pytest

from nlu.rules import (
    EMERGENCY_OVER_SMALL_TALK,
    RULE_CONFIDENCE,
    decide,
    has_emergency_phrase,
    is_group_meal,
    is_only_hungry,
    is_unreadable,
    looks_like_code,
    names_balance_as_limit,
    recommendation_intent,
)
from nlu.types import Intent

ALL = [intent.value for intent in Intent]


def model_says(**probabilities: float) -> dict[str, float]:
    """A probability per intent: the given ones, the rest sharing what is left."""
    rest = (1.0 - sum(probabilities.values())) / (len(ALL) - len(probabilities))
    return {intent: probabilities.get(intent, rest) for intent in ALL}


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("text", ["", "   ", "ㅋㅋㅋㅋ", "ㅎㅎ", "ㅠㅠㅜㅜ", "😂😂", "?!...", "🍕 🍗", "ㅋㅋ!!",
                                  "你好"])
def test_unreadable_input(text: str) -> None:
    assert is_unreadable(text)


@pytest.mark.parametrize("text", ["ㅇㅇ", "ㅁㄴㅇㄹ", "ok", "1234", "밥", "ㅋㅋ 치킨", "hello"])
def test_readable_input(text: str) -> None:
    assert not is_unreadable(text)


@pytest.mark.parametrize("text", [
    "SELECT * FROM users", "'; DROP TABLE users; --", "' OR 1=1 --", "<script>alert(1)</script>",
    "1 union select password from accounts", "치킨'; delete from shops; --",
])
def test_code_is_recognised(text: str) -> None:
    assert looks_like_code(text)


@pytest.mark.parametrize("text", ["치킨 먹고 싶어", "update 언제 돼?", "메뉴 select 해줘", "5천원 -- 만원 사이"])
def test_ordinary_messages_are_not_code(text: str) -> None:
    assert not looks_like_code(text)


@pytest.mark.parametrize("text", [
    "돈이 없는데 배고파요", "돈 없어요", "이틀째 굶고 있어요", "하루종일 아무것도 못 먹었어",
    "밥 못 먹은지 이틀 됐어요", "무료 급식소 어디 있어요", "공짜 밥 주는 데 있나요", "긴급 식사 지원",
    "용돈 다 떨어짐 밥 못먹음", "잔액 없는데 배고파", "카드가 안 긁혀요 배고파요", "hungry but no money",
    "지갑이 텅텅 배고파", "엄마가 돈을 안 주고 가셨어요",
])
def test_emergency_phrases(text: str) -> None:
    assert has_emergency_phrase(compact(text.lower()))


@pytest.mark.parametrize("text", [
    "배고파", "배고파 죽겠어", "잔액 없는데 언제 충전돼?", "카드 돈 다 썼나?", "돈 채우는 법",
    "용돈 더 받는 법", "5천원밖에 없는데 뭐 먹지", "잔액 부족한가?", "싼 데 추천해줘",
])
def test_not_emergency_phrases(text: str) -> None:
    assert not has_emergency_phrase(compact(text))


def test_group_meal_needs_four_people_or_a_group_word() -> None:
    assert is_group_meal("", {"companion_count": 4})
    assert not is_group_meal("", {"companion_count": 3})
    assert is_group_meal("동아리회식어디서하지", {})
    assert is_group_meal("반애들다같이떡볶이", {})
    assert not is_group_meal("친구들이랑먹을거", {})
    assert not is_group_meal("모임장소", {"companion_count": 2})  # a stated count wins


def test_recommendation_member_is_group_then_budget_then_food() -> None:
    assert recommendation_intent("넷이서만원씩", {"companion_count": 4, "budget": 10000}) == Intent.GROUP_DINING
    assert recommendation_intent("만원으로치킨", {"budget": 10000}) == Intent.BUDGET_INQUIRY
    assert recommendation_intent("내잔액으로먹을수있는거", {}) == Intent.BUDGET_INQUIRY
    assert recommendation_intent("치킨먹고싶어", {"food_type": "치킨"}) == Intent.FOOD_REQUEST
    assert names_balance_as_limit("남은돈으로점심해결할수있는데")
    assert not names_balance_as_limit("잔액얼마남았어")


def test_emergency_phrase_beats_the_model() -> None:
    decision = decide("돈 없어 배고파", {}, model_says(GENERAL_CHAT=0.9), 0.2)
    assert decision.intent == Intent.EMERGENCY_FOOD
    assert decision.confidence == RULE_CONFIDENCE
    assert decision.rule == "emergency_phrase"


def test_emergency_is_never_answered_as_small_talk() -> None:
    probabilities = model_says(GENERAL_CHAT=0.6, EMERGENCY_FOOD=EMERGENCY_OVER_SMALL_TALK + 0.05)
    decision = decide("오늘 좀 힘들어", {}, probabilities, 0.2)
    assert decision.intent == Intent.EMERGENCY_FOOD
    assert decision.rule == "emergency_over_small_talk"
    # ... but a service intent is not overridden by a small emergency probability
    probabilities = model_says(TIME_INQUIRY=0.6, EMERGENCY_FOOD=EMERGENCY_OVER_SMALL_TALK + 0.05)
    assert decide("몇 시에 열어", {}, probabilities, 0.2).intent == Intent.TIME_INQUIRY


def test_short_hunger_is_a_food_request_even_if_the_model_says_emergency() -> None:
    assert is_only_hungry("배고파죽겠어")
    assert not is_only_hungry("돈없어배고파")
    decision = decide("배고파 죽겠어", {"urgency": "high"}, model_says(EMERGENCY_FOOD=0.7, FOOD_REQUEST=0.2), 0.2)
    assert decision.intent == Intent.FOOD_REQUEST
    assert decision.confidence == pytest.approx(0.7 + 0.2 + 2 * (0.1 / 10))


def test_long_message_keeps_the_models_emergency() -> None:
    text = "엄마가 며칠 집에 안 들어오셔서 혼자 있는데 배고파요"
    assert decide(text, {}, model_says(EMERGENCY_FOOD=0.8), 0.2).intent == Intent.EMERGENCY_FOOD


def test_family_confidence_is_the_family_probability() -> None:
    probabilities = model_says(FOOD_REQUEST=0.5, BUDGET_INQUIRY=0.3, GROUP_DINING=0.1)
    decision = decide("만원으로 치킨", {"budget": 10000}, probabilities, 0.2)
    assert decision.intent == Intent.BUDGET_INQUIRY
    assert decision.confidence == pytest.approx(0.9)
    assert decision.rule == "recommendation_family"


def test_low_confidence_becomes_unknown_with_its_probability() -> None:
    probabilities = model_says(TIME_INQUIRY=0.3, LOCATION_INQUIRY=0.28, UNKNOWN=0.2)
    decision = decide("그거 언제 어디", {}, probabilities, 0.35)
    assert decision.intent == Intent.UNKNOWN
    assert decision.confidence == pytest.approx(0.2)
    assert decide("그거 언제 어디", {}, probabilities, 0.25).intent == Intent.TIME_INQUIRY


@pytest.mark.parametrize("text", ["", "ㅋㅋㅋ", "😂", "SELECT * FROM users"])
def test_screened_input_is_unknown_whatever_the_model_says(text: str) -> None:
    decision = decide(text, {}, model_says(EMERGENCY_FOOD=0.99), 0.2)
    assert (decision.intent, decision.confidence) == (Intent.UNKNOWN, 1.0)
