"""Every way a child writes an amount of money, and the numbers that are not money (nlu.entities.money)."""

from __future__ import annotations

import pytest

from nlu.entities.money import find_money_mentions, parse_budget
from nlu.normalize import normalize

CONTRACT_FORMS = [  # CONTRACTS §6, budget row
    ("5천원", 5000),
    ("오천원", 5000),
    ("5,000원", 5000),
    ("만원", 10000),
    ("만 원", 10000),
    ("1만5천원", 15000),
    ("만오천원", 15000),
    ("1.5만원", 15000),
    ("삼천오백원", 3500),
    ("4천5백원", 4500),
    ("만원짜리 한장", 10000),
    ("1인당 만원", 10000),
]

DIGITS_AND_UNITS = [
    ("5000원", 5000),
    ("5000원으로 뭐 먹지", 5000),
    ("15000원", 15000),
    ("15,000원 있어", 15000),
    ("1,500원", 1500),
    ("5천", 5000),
    ("5천으로 뭐먹지", 5000),
    ("2만 있어", 20000),
    ("3 만원", 30000),
    ("5천 원", 5000),
    ("1만 5천원", 15000),
    ("1만 5000원", 15000),
    ("2만5천원", 25000),
    ("2.5만원", 25000),
    ("1.5천원", 1500),
    ("5백원", 500),
    ("100만원", 1_000_000),
    ("5000으로", 5000),
    ("5000 이하", 5000),
    ("8000", 8000),
    ("₩5000", 5000),
    ("7000won lunch", 7000),
    ("5k로 뭐먹지", 5000),
    ("10k 이하", 10000),
]

KOREAN_NUMERALS = [
    ("이만원", 20000),
    ("삼만원", 30000),
    ("칠천원으로 돈까스", 7000),
    ("칠천오백원", 7500),
    ("칠천 오백원", 7500),
    ("천오백원", 1500),
    ("오백원", 500),
    ("만이천원", 12000),
    ("만 오천 원", 15000),
    ("이십만원", 200000),
    ("십만원", 100000),
    ("구천원이면", 9000),
    ("육천오백원이면 뭐먹어", 6500),
    ("오천", 5000),
    ("오천 정도", 5000),
    ("오천으로", 5000),
    ("만으로 먹을 수 있는 거", 10000),
    ("만 이하로", 10000),
    ("사천원짜리 짜장", 4000),
    ("오천냥으로", 5000),
]

NOTES_AND_RANGES = [
    ("만원짜리 한 장", 10000),
    ("만원 두장", 20000),
    ("만원 두 장 있어", 20000),
    ("오천원짜리 두 장", 10000),
    ("천원짜리 세장", 3000),
    ("만원짜리 2장", 20000),
    ("5천원대", 5000),
    ("5천원대 점심 메뉴", 5000),
    ("만원대", 10000),
    ("5천대", 5000),
    ("3천원대로 먹을 수 있는 간식", 3000),
]

PER_PERSON_AND_LIMITS = [
    ("인당 만원", 10000),
    ("한 사람당 만원", 10000),
    ("1명당 오천원", 5000),
    ("각자 만원씩", 10000),
    ("친구들 5명이랑 1인당 만원 이하로", 10000),
    ("만원 이하", 10000),
    ("만원 안으로", 10000),
    ("만원까지", 10000),
    ("만원 이내로", 10000),
    ("7천 원 아래로 점심", 7000),
    ("5000원 안쪽으로 저녁", 5000),
    ("팔천원선에서 점심", 8000),
    ("만원 이하 치킨", 10000),
]

WHICH_AMOUNT_IS_THE_BUDGET = [
    ("치킨 2만원인데 만원밖에 없어", 10000),
    ("만원 있는데 5천원짜리 먹고싶어", 10000),
    ("만원 있는데 오천원으로 먹을래", 5000),
    ("2만원 있는데 만원만 쓰고싶어", 10000),
    ("5천~만원", 10000),
    ("5천원에서 7천원 사이 점심", 7000),
    ("만원에서 만오천원 사이로 저녁", 15000),
    ("1인당 8천원 4명", 8000),
    ("친구가 6천원 빌려달래서 빌려주고 나니까 4천원 남았는데", 4000),
    ("2시까지 5천원으로", 5000),
    ("치킨이만원이야", 10000),
]

TEEN_SPELLINGS = [  # through normalize, as in the pipeline
    ("마넌으로 치킨", 10000),
    ("오처넌으로 뭐먹지", 5000),
    ("만언 이하", 10000),
    ("5쳔원 있는데", 5000),
    ("５천원으로 점심", 5000),
    ("만원ㅇㄹ 점심", 10000),
]

NOT_MONEY = [
    "3시",
    "3시에 만나",
    "12:30에 만나",
    "2명",
    "1번",
    "10분",
    "2층",
    "010-1234-5678",
    "20살",
    "3개",
    "2인분",
    "5km",
    "1.5km 이내",
    "2024.05.01",
    "2000년",
    "10대",
    "1234",
    "사천짜장 먹고싶어",
    "이만 가볼게",
    "추천 원해",
    "나만 원해",
    "친구만 원해",
    "백반 먹을래",
    "이천 쌀",
    "김천 가자",
    "만",
    "10원",
    "0원",
    "1.5원",
    "1000만원",
    "돈 없어",
    "남은 돈으로 점심 해결할수있는데 있어?",
]

NOT_A_BUDGET = [  # money, but not what the user can spend on this meal
    "3천원 할인 쿠폰 있어요?",
    "5천원 쿠폰 받을 수 있어?",
    "2000원 쿠폰 유효기간",
    "곱빼기 천원 추가예요?",
    "치즈 추가 500원이야?",
    "어제 만원 썼는데 지금 얼마 남았어",
    "아까 7천원 결제했는데 잔액 얼마야",
    "5만원 충전되는 날이 언제지",
    "이번 달에 10만원 들어온 거 맞아?",
]


@pytest.mark.parametrize(
    ("text", "budget"),
    CONTRACT_FORMS + DIGITS_AND_UNITS + KOREAN_NUMERALS + NOTES_AND_RANGES + PER_PERSON_AND_LIMITS,
)
def test_every_written_form_of_money_is_read(text: str, budget: int) -> None:
    assert parse_budget(text) == budget
    assert parse_budget(normalize(text)) == budget


@pytest.mark.parametrize(("text", "budget"), WHICH_AMOUNT_IS_THE_BUDGET)
def test_the_budget_is_chosen_among_several_amounts(text: str, budget: int) -> None:
    assert parse_budget(text) == budget


@pytest.mark.parametrize(("text", "budget"), TEEN_SPELLINGS)
def test_teen_spellings_of_won_are_read_after_normalisation(text: str, budget: int) -> None:
    assert parse_budget(normalize(text)) == budget


@pytest.mark.parametrize("text", NOT_MONEY)
def test_numbers_that_are_not_money_give_no_budget(text: str) -> None:
    assert parse_budget(text) is None


@pytest.mark.parametrize("text", NOT_A_BUDGET)
def test_coupons_extras_and_past_payments_are_not_a_budget(text: str) -> None:
    assert parse_budget(text) is None


def test_mentions_are_found_in_order_with_their_scores() -> None:
    mentions = find_money_mentions("치킨 2만원인데 만원밖에 없어")
    assert [(m.amount, m.score) for m in mentions] == [(20000, 2), (10000, 3)]


@pytest.mark.parametrize("text", ["", " ", None, 5000, "원", "만원" * 3000])
def test_odd_input_never_raises(text: object) -> None:
    result = parse_budget(text)  # type: ignore[arg-type]
    assert result is None or 100 <= result <= 1_000_000
