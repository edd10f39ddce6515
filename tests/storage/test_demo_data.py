"""The demo data set (pure): what the recommender and the scenarios rely on. Loading it: test_demo_load.py."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

import pytest

from storage.business_hours import WEEKDAYS, open_state, parse_hhmm
from storage.demo import build_demo_dataset
from storage.demo.catalog import KINDS
from storage.demo.places import NEIGHBOURHOODS, PLACES, find_place, neighbourhood
from storage.shop_rows import FOOD_CARD_VALUES, MENU_CATEGORIES, SHOP_CATEGORIES

DATA = build_demo_dataset()
HOODS = [hood.name for hood in NEIGHBOURHOODS]
WED, THU = 2, 3


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def shops_in(hood: str):
    return [shop for shop in DATA.shops if shop.neighbourhood == hood]


def open_count(hood: str, weekday: int, minute: int) -> int:
    return sum(open_state(s.business_hours_json(), weekday, minute) == "OPEN" for s in shops_in(hood))


def test_size_and_coverage():
    assert len(DATA.shops) >= 300
    assert DATA.menu_count >= 1500
    pairs = Counter((shop.neighbourhood, shop.category) for shop in DATA.shops)
    assert {(hood, category) for hood in HOODS for category in SHOP_CATEGORIES} <= set(pairs)


def test_generation_is_deterministic_and_depends_on_the_seed():
    assert build_demo_dataset() == DATA
    other = build_demo_dataset(seed=7)
    assert other != DATA
    assert len(other.shops) == len(DATA.shops)


def test_no_duplicate_shops_or_menus():
    keys = [shop.key for shop in DATA.shops]
    assert len(keys) == len(set(keys))
    for shop in DATA.shops:
        names = [menu.menu_name for menu in shop.menus]
        assert len(names) == len(set(names)), shop.shop_name


def test_shops_lie_within_1_2_km_of_their_neighbourhood():
    for shop in DATA.shops:
        centre = neighbourhood(shop.neighbourhood)
        assert metres(shop.latitude, shop.longitude, centre.latitude, centre.longitude) <= 1200, shop.shop_name


def test_every_shop_has_valid_hours():
    for shop in DATA.shops:
        hours = shop.business_hours_json()
        assert set(hours) <= {*WEEKDAYS, "holiday"} and set(WEEKDAYS) <= set(hours)
        for day in hours.values():
            if day.get("closed"):
                assert day == {"closed": True}
                continue
            opens, closes = parse_hhmm(day["open"]), parse_hhmm(day["close"], allow_24=True)
            assert opens != closes  # the demo never uses the ambiguous open == close form
            if "break_start" in day:
                assert parse_hhmm(day["break_start"]) < parse_hhmm(day["break_end"])
                assert opens <= parse_hhmm(day["break_start"])


@pytest.mark.parametrize("hood", HOODS)
def test_open_at_lunch_at_nine_and_after_midnight(hood):
    assert open_count(hood, WED, 12 * 60 + 30) >= 60
    assert open_count(hood, WED, 21 * 60) >= 30
    assert open_count(hood, THU, 60) >= 5  # 편의점 24 h, chicken until 02:00 from Wednesday
    states = Counter(open_state(s.business_hours_json(), WED, 15 * 60 + 30) for s in shops_in(hood))
    assert states["BREAK_TIME"] >= 5


def test_closed_days_holidays_and_after_midnight_hours_exist():
    hours = [shop.business_hours_json() for shop in DATA.shops]
    assert sum(h["monday"] == {"closed": True} for h in hours) >= 10
    assert sum(h["sunday"] == {"closed": True} for h in hours) >= 10
    assert sum(h.get("holiday") == {"closed": True} for h in hours) >= 10
    overnight = [h for h in hours if not h["friday"].get("closed") and h["friday"]["close"] < h["friday"]["open"]]
    assert any(h["friday"]["close"] == "02:00" for h in overnight)
    assert any(h["friday"] == {"open": "00:00", "close": "24:00"} for h in hours)


@pytest.mark.parametrize("hood", HOODS)
def test_many_affordable_meals_in_each_neighbourhood(hood):
    mains = [m for s in shops_in(hood) for m in s.menus if m.category in ("메인메뉴", "세트메뉴")]
    card_mains = [m for s in shops_in(hood) if s.is_food_card_shop == "Y" for m in s.menus if m.category == "메인메뉴"]
    assert sum(m.price <= 5000 for m in mains) >= 80
    assert sum(m.price <= 10000 for m in mains) >= 250
    assert sum(m.price <= 5000 for m in card_mains) >= 40


@pytest.mark.parametrize(
    ("menu", "low", "high"),
    [("김밥", 3000, 4500), ("라면", 4000, 5000), ("짜장면", 6000, 8000), ("순대국밥", 8000, 10000),
     ("후라이드치킨", 18000, 23000), ("제육도시락", 4000, 7000), ("삼각김밥", 1000, 2000)],
)  # fmt: skip
def test_prices_are_2026_seoul_prices(menu, low, high):
    prices = [m.price for s in DATA.shops for m in s.menus if m.menu_name == menu]
    assert prices, menu
    assert low <= min(prices) and max(prices) <= high


def test_menu_fields_are_in_their_domains():
    for shop in DATA.shops:
        assert shop.category in SHOP_CATEGORIES and shop.is_food_card_shop in FOOD_CARD_VALUES
        assert 8 <= shop.seat_count <= 120
        assert 0 <= shop.popularity_score <= 1 and 0 <= shop.quality_score <= 1
        assert shop.phone.startswith("02-0000-")  # fictional: Seoul numbers never start with 0
        assert any(menu.is_popular for menu in shop.menus)
        for menu in shop.menus:
            assert menu.category in MENU_CATEGORIES and 0 <= menu.price <= 1_000_000
            for group, choices in (menu.options_json() or {}).items():
                assert group in {"size", "spicy", "extras", "style", "temperature"}
                assert all(set(c) == {"name", "price"} and c["price"] >= 0 for c in choices)


def _option_names(menu_name: str) -> set[str]:
    return {
        choice["name"]
        for shop in DATA.shops
        for menu in shop.menus
        if menu.menu_name == menu_name
        for choices in (menu.options_json() or {}).values()
        for choice in choices
    }


def test_menu_options_the_bot_talks_about():
    assert "곱빼기" in _option_names("짜장면")
    assert "치즈추가" in _option_names("떡볶이")
    assert "덜 맵게" in _option_names("라면")
    chicken = next(m for s in DATA.shops for m in s.menus if m.menu_name == "후라이드치킨")
    assert {"name": "순살", "price": 2000} in chicken.options_json()["style"]


def test_meal_card_acceptance_shares():
    def share(category: str, value: str) -> float:
        shops = [s for s in DATA.shops if s.category == category]
        return sum(s.is_food_card_shop == value for s in shops) / len(shops)

    for category in ("분식", "한식", "편의점", "도시락/죽"):
        assert share(category, "Y") >= 0.6, category
    for category in ("양식", "카페/디저트"):
        assert share(category, "N") > share(category, "Y"), category
    assert {shop.is_food_card_shop for shop in DATA.shops} == set(FOOD_CARD_VALUES)


def test_good_influence_shops_offer_free_meals_in_every_neighbourhood():
    good = [shop for shop in DATA.shops if shop.is_good_influence_shop]
    assert 0.05 <= len(good) / len(DATA.shops) <= 0.15
    assert {shop.neighbourhood for shop in good} == set(HOODS)
    for shop in good:
        assert shop.is_food_card_shop == "Y"
        assert "선한영향력" in shop.owner_message and "무료" in shop.owner_message


@pytest.mark.parametrize("hood", HOODS)
def test_group_dining_is_possible_everywhere(hood):
    groups = [s for s in shops_in(hood) if s.accepts_group_reservation]
    assert len(groups) >= 5 and all(s.seat_count >= 30 for s in groups)
    assert any(s.has_private_room and s.seat_count >= 40 for s in shops_in(hood))


def test_coupons():
    coupons = {coupon.id: coupon for coupon in DATA.coupons}
    assert {"WELCOME3000", "EMERGENCY_FOOD_AID", "BUNSIK10", "FOODCARD2000", "NEIGHBOR2000"} <= set(coupons)
    assert coupons["WELCOME3000"].discount_amount == 3000 and coupons["WELCOME3000"].usage_type == "NEW_USER"
    assert coupons["EMERGENCY_FOOD_AID"].usage_type == "FOODCARD"
    assert coupons["BUNSIK10"].target_categories == ("분식",) and coupons["BUNSIK10"].max_discount_amount
    keys = {shop.key for shop in DATA.shops}
    assert coupons["NEIGHBOR2000"].applicable_shop_keys and set(coupons["NEIGHBOR2000"].applicable_shop_keys) <= keys
    for coupon in DATA.coupons:
        assert (coupon.discount_amount is None) != (coupon.discount_rate is None), coupon.id
        assert coupon.valid_from <= date(2025, 1, 1) and coupon.valid_until >= date(2030, 12, 31)


def test_demo_users_cover_the_scenarios():
    cards = [user.card for user in DATA.users if user.card is not None]
    assert {user.platform for user in DATA.users} == {"kakao", "line", "web"}
    assert any(card.balance < 5000 for card in cards) and any(card.balance >= 10000 for card in cards)
    assert any(user.card is None for user in DATA.users)


def test_gazetteer():
    assert find_place("건대입구역 근처 5천원으로 뭐 먹지").name == "건대입구역"
    assert find_place("강남역 11번 출구 앞인데").name == "강남역 11번 출구"
    assert find_place("서울대 근처").name == "서울대학교"
    assert find_place("부산 해운대") is None
    assert len(PLACES) >= 20 and {p.neighbourhood for p in PLACES} == set(HOODS)
    for place in PLACES:
        centre = neighbourhood(place.neighbourhood)
        assert metres(place.latitude, place.longitude, centre.latitude, centre.longitude) < 4000, place.name


def test_catalog_menu_counts_fit_the_menus():
    for kind in KINDS:
        assert kind.menu_count[1] <= len(kind.menus) and any(spec.core for spec in kind.menus), kind.kind
        assert all(spec.lo <= spec.hi and (spec.hi - spec.lo) % spec.step == 0 for spec in kind.menus), kind.kind
