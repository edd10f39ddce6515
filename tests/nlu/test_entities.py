"""extract_entities and its parts: food, time, place, options, urgency, bad input, properties."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.entities import ENTITY_KEYS, extract_entities, food_category, load_food_lexicon, parse_food
from nlu.entities.food import CATEGORIES
from nlu.entities.options import parse_menu_options
from nlu.entities.place import parse_location, place_area
from nlu.entities.time import parse_time_preference
from nlu.entities.urgency import parse_urgency
from nlu.normalize import normalize


def entities_of(raw: str) -> dict:
    return extract_entities(normalize(raw))


def test_a_full_message() -> None:
    found = entities_of("친구 3명이랑 나까지 넷이서 건대입구역 2번 출구 근처 치킨 순살로 1인당 만원 이하 저녁에 빨리!!")
    assert found == {
        "budget": 10000,
        "companion_count": 4,
        "companions": ["친구"],
        "food_type": "치킨",
        "time_preference": "저녁",
        "location": "건대입구역 2번출구",
        "menu_options": ["순살"],
        "urgency": "high",
    }
    assert list(found) == [key for key in ENTITY_KEYS if key in found]


def test_the_pipeline_example_of_the_seed() -> None:
    assert entities_of("５천원으로 점심 뭐 먹지?") == {"budget": 5000, "time_preference": "점심"}


BAD_INPUT = [
    ("", {}),
    ("   \t\n  ", {}),
    ("😀😀😀", {}),
    ("ㅋㅋㅋㅋㅋㅋ", {}),
    ("ㅠㅠ", {}),
    ("\x00\x01\x1b[31m\x7f", {}),
    ("Hello, how are you?", {}),
    ("'; DROP TABLE users; --", {}),
    ("1; SELECT * FROM shops WHERE 1=1", {}),
    ("<script>alert(1)</script>", {}),
]


@pytest.mark.parametrize(("raw", "expected"), BAD_INPUT)
def test_bad_input_has_a_defined_result(raw: str, expected: dict) -> None:
    assert entities_of(raw) == expected
    assert extract_entities(raw) == expected


def test_ten_thousand_characters_are_cheap_and_defined() -> None:
    raw = "만원으로 치킨 " + "가" * 10_000
    assert entities_of(raw) == {"budget": 10000, "food_type": "치킨"}
    assert extract_entities(raw) == {"budget": 10000, "food_type": "치킨"}


@pytest.mark.parametrize("raw", [None, 5, 3.5, b"\xff", ["만원"], {"text": "만원"}])
def test_non_strings_give_no_entities(raw: object) -> None:
    assert extract_entities(raw) == {}  # type: ignore[arg-type]


FOODS = [
    ("짜장면 먹고싶어", "짜장면"),
    ("짜장", "짜장면"),
    ("자장면", "짜장면"),
    ("떡볶이", "떡볶이"),
    ("떡뽁이 땡긴다", "떡볶이"),
    ("떡볶기", "떡볶이"),
    ("떢볶이 먹구싶다", "떡볶이"),
    ("치킨", "치킨"),
    ("치킨집 어디", "치킨"),
    ("순살치킨 먹고싶다", "치킨"),
    ("치킹 먹구싶당", "치킨"),
    ("닭강정", "닭강정"),
    ("마라탕 먹자", "마라탕"),
    ("국밥", "국밥"),
    ("김밥", "김밥"),
    ("돈까스", "돈까스"),
    ("돈가스", "돈까스"),
    ("돈카츠", "돈까스"),
    ("햄버거", "햄버거"),
    ("버거", "햄버거"),
    ("햄버겈ㅋㅋ", "햄버거"),
    ("라면", "라면"),
    ("편의점 도시락", "편의점 도시락"),
    ("편의점도시락", "편의점 도시락"),
    ("컵밥", "컵밥"),
    ("김치 찌개", "김치찌개"),
    ("피쟈", "피자"),
    ("🍕 먹고싶다", "피자"),
    ("chicken 먹자", "치킨"),
    ("중국집 가자", "중식"),
    ("분식집", "분식"),
    ("패스트푸드", "패스트푸드"),
    ("한식 먹고 싶어", "한식"),
    ("카페 추천", "카페"),
    ("디저트 맛집", "디저트"),
    ("출출한데 간식", "간식"),
    ("치킨 말고 피자", "피자"),
    ("피자는 싫어 치킨", "치킨"),
    ("죽 먹고싶어", "죽"),
    ("학교 앞 떡볶이집", "떡볶이"),
    ("치킨버거", "치킨버거"),
    ("참치마요김밥", "김밥"),
    ("중국집 탕수육 소자", "탕수육"),
    ("한식 뷔페 8천원", "한식"),
]
NO_FOOD = [
    "배고파 죽겠어",
    "죽을 것 같아",
    "회식 장소",
    "먹으라면 먹어",
    "그만두고 싶다",
    "물고기",
    "빵빵 터졌어",
    "5천원으로 점심 뭐 먹지?",
    "라면사리 추가",
    "신림 순대타운 몇시까지 해요",
    "공기밥 추가",
    "콜라 제로로",
    "cute",
    "치킨 빼고 아무거나",
]


@pytest.mark.parametrize(("text", "food"), FOODS)
def test_food_is_named_canonically(text: str, food: str) -> None:
    assert parse_food(normalize(text)) == food


@pytest.mark.parametrize("text", NO_FOOD)
def test_no_food_where_none_is_asked_for(text: str) -> None:
    assert parse_food(normalize(text)) is None


DEMO_MENU_NAMES = (
    "김치찌개 된장찌개 제육볶음 비빔밥 짜장면 짬뽕 탕수육 볶음밥 초밥 돈카츠 우동 라멘 파스타 피자 치킨 햄버거 "
    "떡볶이 순대 튀김 김밥 라면 죽 도시락 커피 케이크 빙수 샌드위치 삼각김밥 공기밥 콜라"
)
DEMO_MENUS = DEMO_MENU_NAMES.split()


@pytest.mark.parametrize("menu", DEMO_MENUS)
def test_every_demo_menu_has_a_category(menu: str) -> None:
    assert food_category(menu) in CATEGORIES


@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("짜장면", "중식"),
        ("중국집", "중식"),
        ("분식집", "분식"),
        ("떡볶이", "분식"),
        ("돈까스", "일식"),
        ("치즈 돈까스 정식", "일식"),
        ("콤비네이션 피자 L", "피자"),
        ("음료(캔)", "카페/디저트"),
        ("카페/디저트", "카페/디저트"),
        ("편의점", "편의점"),
        ("프랜차이즈", "프랜차이즈"),
        ("기타음식", "기타음식"),
        ("컵죽(소)", "편의점"),
        ("우주선", None),
        ("", None),
        (None, None),
    ],
)
def test_food_category(term: str | None, category: str | None) -> None:
    assert food_category(term) == category  # type: ignore[arg-type]


def test_the_food_lexicon_is_sound_and_loaded_once() -> None:
    lexicon = load_food_lexicon()
    assert len(lexicon) > 800
    assert {entry.category for entry in lexicon.values()} == set(CATEGORIES)
    assert all(term == term.lower().strip() and entry.canonical for term, entry in lexicon.items())
    assert load_food_lexicon() is lexicon


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("점심 뭐먹지", "점심"),
        ("점심시간 얼마 안 남았어", "점심"),
        ("아침밥 먹을 데", "아침"),
        ("브런치 카페", "아침"),
        ("저녁밥", "저녁"),
        ("7000won lunch", "점심"),
        ("야식 추천좀", "야식"),
        ("밤에 배고파", "야식"),
        ("새벽 2시에 문 연 식당", "야식"),
        ("밤 11시에도 하는 데", "야식"),
        ("12시에 만나", None),
        ("6시에 단체 예약", None),
        ("아침 겸 점심", None),
        ("좋은 아침!", None),
        ("굿밤", None),
        ("군밤 먹고 싶다", None),
    ],
)
def test_time_preference(text: str, time: str | None) -> None:
    assert parse_time_preference(normalize(text)) == time


@pytest.mark.parametrize(
    ("text", "place", "area"),
    [
        ("건대입구 맛집", "건대입구", "건대입구"),
        ("건대 떡볶이", "건대", "건대입구"),
        ("건국대 근처", "건국대", "건대입구"),
        ("건대입구역 주변", "건대입구역", "건대입구"),
        ("신림역 3번 출구 근처", "신림역 3번출구", "신림"),
        ("강남 중국집", "강남", "강남역"),
        ("강남역 쪽으로", "강남역", "강남역"),
        ("서울대입구역 근처", "서울대입구역", "신림"),
        ("홍대입구역에서 걸어갈 수 있어?", "홍대입구역", "홍대"),
        ("잠실역 근처", "잠실역", "잠실"),
        ("학교 앞 떡볶이", "학교 앞", None),
        ("학교 정문에서 거기까지", "학교 정문", None),
        ("학교 근처로", "학교", None),
        ("우리 학교 근처야?", "우리 학교", None),
        ("집 근처 치킨집", "집", None),
        ("학원 앞에서", "학원 앞", None),
        ("광진중학교 앞", "광진중학교", None),
    ],
)
def test_location_as_named_and_its_area(text: str, place: str, area: str | None) -> None:
    assert parse_location(normalize(text)) == place
    assert place_area(place) == area


@pytest.mark.parametrize(
    "text",
    [
        "근처 맛집 알려줘",
        "학교 끝나고",
        "치킨집 어디",
        "집에 먹을게 없어",
        "이 지역 맛집",
        "역에서 몇분",
        "관악기",
        "충전 내역",
    ],
)
def test_no_location(text: str) -> None:
    assert parse_location(normalize(text)) is None


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("곱빼기", ["곱빼기"]),
        ("곱배기 돼요??", ["곱빼기"]),
        ("덜 맵게", ["덜 맵게"]),
        ("덜맵게 가능?", ["덜 맵게"]),
        ("안 맵게", ["안 맵게"]),
        ("마라 안 매운맛 있어?", ["안 맵게"]),
        ("아주 맵게 해줘", ["더 맵게"]),
        ("치즈 추가", ["치즈 추가"]),
        ("치즈추가해줘", ["치즈 추가"]),
        ("순살로 돼?", ["순살"]),
        ("뼈 있는 걸로", ["뼈"]),
        ("양 많이 주세요", ["양 많이"]),
        ("밥 추가", ["밥 추가"]),
        ("공깃밥 추가", ["공기밥 추가"]),
        ("계란 추가 돼?", ["계란 추가"]),
        ("소스 따로 주세요", ["소스 따로"]),
        ("오이 빼주세요", ["오이 빼고"]),
        ("짬뽕 덜 맵게 곱빼기로", ["덜 맵게", "곱빼기"]),
        ("맵기 1단계", ["1단계"]),
        ("양념 반 후라이드 반", ["반반"]),
        ("대자로", ["대"]),
        ("라면사리 넣어줘", ["라면사리 추가"]),
        ("extra cheese", ["치즈 추가"]),
        ("안 매운거 추천", []),
        ("치즈 듬뿍 들어간 거 먹고싶어", []),
        ("뼈해장국", []),
    ],
)
def test_menu_options(text: str, options: list[str]) -> None:
    assert parse_menu_options(normalize(text)) == options


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("배고파 죽겠어", "high"),
        ("지금 당장", "high"),
        ("빨리!!", "high"),
        ("급해요", "high"),
        ("굶었어", "high"),
        ("돈이 없는데 배고파요", "high"),
        ("이틀째 굶고 있어요", "high"),
        ("오늘 한 끼도 못 먹음", "high"),
        ("무료 급식소 어디", "high"),
        ("돈 다 씀 ㅠ 배고파", "high"),
        ("hungry but no money", "high"),
        ("내일 점심 뭐 먹지", "low"),
        ("나중에 먹을 거 추천", "low"),
        ("주말에 친구랑 먹을 곳", "low"),
        ("안 급해 내일 먹을래", "low"),
        ("내일 비와?", None),
        ("주말에도 영업해?", None),
        ("치킨 먹고 싶어", None),
        ("잔액 다 써서 충전해야 하는데", None),
        ("이거 무료야?", None),
        ("매운 거 못 먹어", None),
        ("밤에 먹을 거 없나", None),
    ],
)
def test_urgency(text: str, urgency: str | None) -> None:
    assert parse_urgency(normalize(text)) == urgency


PIECE_WORDS = (
    "만 천 백 십 원 오 삼 이 일 구 명 이서 인당 인분 장 짜리 대 으로 이하 까지 밖에 친구 랑 엄마 둘 셋 넷 다섯 열 "
    "혼자 치킨 죽 라면 점심 밤 학교 앞 역 근처 곱빼기 덜 맵게 배고파 ㅋㅋ ㅠㅠ 😭 , . ~ - : 0 1 5 9 .5 k km"
)
KOREAN_PIECES = st.sampled_from([*PIECE_WORDS.split(), "\x00", "\u200b", "\t", " "])

MESSAGES = st.one_of(
    st.text(max_size=300),
    st.lists(KOREAN_PIECES, max_size=40).map("".join),
    st.lists(KOREAN_PIECES, max_size=40).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(MESSAGES)
def test_random_text_never_raises_and_keeps_the_contract(raw: str) -> None:
    for entities in (entities_of(raw), extract_entities(raw)):
        assert set(entities) <= set(ENTITY_KEYS)
        json.dumps(entities, ensure_ascii=False)
        budget = entities.get("budget")
        assert budget is None or (type(budget) is int and 0 < budget <= 1_000_000)
        count = entities.get("companion_count")
        assert count is None or (type(count) is int and 1 <= count <= 200)
        assert entities.get("time_preference") in (None, "아침", "점심", "저녁", "야식")
        assert entities.get("urgency") in (None, "high", "low")
        assert all(isinstance(name, str) and name for name in entities.get("companions", []))
        assert all(isinstance(option, str) and option for option in entities.get("menu_options", []))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalisation_is_stable(raw: str) -> None:
    once = normalize(raw)
    assert len(once) <= 500
    assert extract_entities(normalize(once)) == extract_entities(once)


def test_the_nlu_knows_exactly_the_thirteen_shop_categories_of_the_schema():
    # nlu/ may not import storage/ (it knows no database), so the list is written twice; this keeps them equal.
    from nlu.entities.food import CATEGORIES
    from storage.shop_rows import SHOP_CATEGORIES

    assert tuple(CATEGORIES) == tuple(SHOP_CATEGORIES)
