"""Head counts (including the speaker) and companions, in every form children write them."""

from __future__ import annotations

import pytest

from nlu.entities.people import parse_companions
from nlu.normalize import normalize

CONTRACT_FORMS = [  # CONTRACTS §6 and the issue
    ("친구랑", 2, ["친구"]),
    ("엄마랑", 2, ["엄마"]),
    ("친구 둘이랑", 3, ["친구"]),
    ("혼밥", 1, []),
    ("혼자", 1, []),
    ("둘이서", 2, []),
    ("셋이서", 3, []),
    ("세명", 3, []),
    ("넷이서", 4, []),
    ("다섯명", 5, []),
    ("6명이서", 6, []),
    ("6명", 6, []),
    ("열명", 10, []),
    ("친구 3명이랑 나까지 넷이서", 4, ["친구"]),
    ("친구 3명이랑", 4, ["친구"]),
    ("우리 반 20명", 20, ["반 친구들"]),
    ("친구들이랑", None, ["친구"]),
]

STATED_TOTALS = [
    ("둘이요", 2, []),
    ("우리 둘이 먹을", 2, []),
    ("우리 셋", 3, []),
    ("엄마랑 나 둘이 2만원으로", 2, ["엄마"]),
    ("친구랑 둘이서", 2, ["친구"]),
    ("친구 3명이서", 3, ["친구"]),
    ("총 5명", 5, []),
    ("나 포함 4명", 4, []),
    ("나 빼고 4명 더 있어", 5, []),
    ("우리 가족 넷 외식", 4, ["가족"]),
    ("우리 가족 다섯 식구", 5, ["가족"]),
    ("5명이 갈만한 곳", 5, []),
    ("10명 7시 예약 가능한 곳", 10, []),
]

COUNTS = [
    ("한 명", 1, []),
    ("두 사람", 2, []),
    ("두 분이서", 2, []),
    ("열 명", 10, []),
    ("스무 명", 20, []),
    ("서른명", 30, []),
    ("스물다섯명", 25, []),
    ("열두명", 12, []),
    ("이십명", 20, []),
    ("육명이서", 6, []),
    ("칠명", 7, []),
    ("4인 가족", 4, ["가족"]),
    ("4인석", 4, []),
    ("3인 3만원", 3, []),
    ("2인 세트 있는 곳", 2, []),
    ("친구들 4명", 4, ["친구"]),
    ("반 친구들 30명", 30, ["반 친구들"]),
    ("동아리 회식 15명", 15, ["동아리"]),
    ("가족 4명", 4, ["가족"]),
    ("four people 먹을 데", 4, []),
    ("party of 6", 6, []),
]

COUNTS_OF_OTHERS = [
    ("친구 두명이랑", 3, ["친구"]),
    ("친구 하나랑 갈 만한 데", 2, ["친구"]),
    ("동생 하나 데리고 갈 건데", 2, ["동생"]),
    ("친구들 5명이랑 1인당 만원", 6, ["친구"]),
    ("동생들 셋이랑 나랑 엄마", 5, ["동생", "엄마"]),
    ("사촌동생 셋이랑 나랑 형", 5, ["사촌", "형"]),
    ("생일이라 친구 다섯명 불러서 먹을 거예요", 6, ["친구"]),
]

NAMED_COMPANIONS = [
    ("엄마랑 아빠랑", 3, ["엄마", "아빠"]),
    ("엄마 아빠랑 외식할 곳", 3, ["엄마", "아빠"]),
    ("엄마 아빠 동생이랑 외식", 4, ["엄마", "아빠", "동생"]),
    ("할머니 할아버지 엄마 아빠 나", 5, ["할머니", "할아버지", "엄마", "아빠"]),
    ("부모님이랑", 3, ["부모님"]),
    ("동생이랑 나랑", 2, ["동생"]),
    ("형이랑", 2, ["형"]),
    ("누나하고 저녁", 2, ["누나"]),
    ("언니랑 오빠랑", 3, ["언니", "오빠"]),
    ("쌤이랑", 2, ["선생님"]),
    ("여친이랑 데이트", 2, ["여자친구"]),
    ("혼자 말고 친구랑", 2, ["친구"]),
    ("3시에 친구 만나서 먹을 데", 2, ["친구"]),
    ("가족이랑", None, ["가족"]),
    ("가족끼리 외식", None, ["가족"]),
    ("동아리 뒷풀이", None, ["동아리"]),
    ("축구부 애들이랑", None, ["동아리"]),
    ("반 전체 회식", None, ["반 친구들"]),
    ("학원 친구들이랑 단체로", None, ["학원 친구들"]),
    ("반 친구들이랑 담임쌤이랑", None, ["반 친구들", "선생님"]),
    ("엄마랑 이모랑 사촌들까지 8명", 8, ["엄마", "이모", "사촌"]),
]

NOT_A_HEAD_COUNT = [
    ("1인당 만원", None, []),
    ("모임 1인 만원", None, []),
    ("2인분", None, []),
    ("20살", None, []),
    ("3시", None, []),
    ("2층", None, []),
    ("열이 나", None, []),
    ("명동 맛집", None, []),
    ("인터넷", None, []),
    ("대형마트", None, []),
    ("엄마가 돈 줬어", None, []),
    ("엄마 나 배고파", None, []),
    ("친구 하나도 없어", None, []),
    ("엄마 아빠 다 안 계시고 돈도 없어요", None, []),
    ("양념 반 후라이드 반", None, []),
    ("", None, []),
]


@pytest.mark.parametrize(
    ("text", "count", "companions"),
    CONTRACT_FORMS + STATED_TOTALS + COUNTS + COUNTS_OF_OTHERS + NAMED_COMPANIONS + NOT_A_HEAD_COUNT,
)
def test_head_count_includes_the_speaker(text: str, count: int | None, companions: list[str]) -> None:
    assert parse_companions(text) == (count, companions)
    assert parse_companions(normalize(text)) == (count, companions)


@pytest.mark.parametrize(
    "text", ["나 혼자 먹을건데", "혼밥하기 좋은 곳", "엄마가 저녁 사먹으라고 만원 주셨는데 혼자 먹어요"]
)
def test_eating_alone_is_one(text: str) -> None:
    assert parse_companions(text)[0] == 1


@pytest.mark.parametrize("text", [None, 3, "   ", "명" * 5000, "친구랑" * 1000])
def test_odd_input_never_raises(text: object) -> None:
    count, companions = parse_companions(text)  # type: ignore[arg-type]
    assert count is None or 1 <= count <= 200
    assert isinstance(companions, list)
