"""Where to search (gazetteer, shared position, profile) and when a closed shop opens (pure)."""

from datetime import datetime

from handlers.recommender.explain import opening_soon, opens_at
from handlers.recommender.food import food_wish
from handlers.recommender.places import PLACE_RADII, SHARED_RADII, resolve_anchor
from handlers.shop_facts import closed_days, find_option, hours_answer, option_answer, today_hours
from storage.geo import GeoPoint
from storage.shop_details import ShopDetails
from tests.handlers.conftest import SEOUL
from tests.handlers.factories import menu, shop

HOME = GeoPoint(37.55, 127.0)
HOURS = {"monday": {"closed": True}, "tuesday": {"open": "11:00", "close": "21:00", "break_start": "15:00",
                                                  "break_end": "17:00"},
         "wednesday": {"open": "17:00", "close": "02:00"}}


def test_a_place_named_in_the_message_wins_then_the_shared_position_then_the_profile():
    named = resolve_anchor("강남역", "강남역 근처 맛집", HOME)
    assert (named.source, named.label, named.radii) == ("named", "강남역", PLACE_RADII)
    from_text = resolve_anchor(None, "신림역 4번 출구 근처 떡볶이", None)
    assert from_text.label == "신림역 4번 출구"
    shared = resolve_anchor(None, "치킨 먹고 싶어", HOME)
    assert (shared.source, shared.point, shared.radii) == ("shared", HOME, SHARED_RADII)
    profile = resolve_anchor(None, "치킨", None, ("건대",))
    assert (profile.source, profile.label) == ("profile", "건대입구")
    assert resolve_anchor("우리 학교 앞", "우리 학교 앞", None).point is None


def test_widening_starts_further_out_and_keeps_growing():
    anchor = resolve_anchor(None, "", HOME)
    assert anchor.widened(1).radii == SHARED_RADII[1:]
    assert anchor.widened(5).radii[-1] > SHARED_RADII[-1]
    assert resolve_anchor(None, "", None).widened(2).radii == ()


def test_food_synonyms():
    assert food_wish("중국집").categories == ("중식",)
    assert food_wish("짜장").menu_terms == ("짜장",)
    assert food_wish("짜장면").categories[0] == "중식"
    assert food_wish("떡볶이").categories[0] == "분식"
    assert food_wish("치킨").menu_terms == ()
    assert food_wish(None) is None


def test_opens_at_handles_breaks_closed_days_and_midnight():
    tuesday = datetime(2026, 11, 24, 15, 20, tzinfo=SEOUL)  # in the break
    assert opens_at(HOURS, tuesday).strftime("%H:%M") == "17:00"
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)  # closed all day, nothing within 3 hours
    assert opens_at(HOURS, monday) is None
    after_midnight = datetime(2026, 11, 26, 1, 0, tzinfo=SEOUL)  # Thursday 01:00: Wednesday's late hours
    assert opens_at(HOURS, after_midnight).strftime("%H:%M") == "01:05"


def test_opening_soon_picks_the_earliest():
    early, late = shop(1), shop(2)
    early = early.__class__(**{**early.__dict__, "business_hours": {"tuesday": {"open": "11:00", "close": "20:00"}}})
    late = late.__class__(**{**late.__dict__, "business_hours": {"tuesday": {"open": "11:30", "close": "20:00"}}})
    found = opening_soon([late, early], datetime(2026, 11, 24, 10, 40, tzinfo=SEOUL))
    assert found[0].shop_id == 1 and found[1].strftime("%H:%M") == "11:00"


def details(menus=(), hours=HOURS, state="BREAK_TIME") -> ShopDetails:
    return ShopDetails(1, "황금반점", "중식", "서울 광진구 화양동 1-1", "서울 광진구 능동로 1", "건대입구",
                       37.54, 127.07, None, hours, "Y", False, tuple(menus), state)


def test_hours_answer():
    text = hours_answer(details(), datetime(2026, 11, 24, 15, 20, tzinfo=SEOUL))
    assert "황금반점" in text and "쉬는 시간" in text and "17:00" in text and "월요일 휴무" in text
    assert today_hours(HOURS, 0) == "오늘은 쉬는 날이에요"
    assert closed_days({}) is None


def test_menu_options():
    sizes = {"size": [{"name": "보통", "price": 0}, {"name": "곱빼기", "price": 1000}]}
    noodles = menu(1, 7000, "짜장면", options=sizes)
    spicy = menu(2, 9000, "짬뽕", options={"spicy": [{"name": "덜 맵게", "price": 0}]})
    shop_ = details([noodles, spicy])
    assert find_option(shop_.menus, "곱빼기", "짜장면 곱빼기 돼?")[2] == 1000
    assert "8,000원" in option_answer(shop_, ["곱빼기"], "짜장면 곱빼기 돼?")
    assert "추가 요금 없어요" in option_answer(shop_, ["덜 맵게"], "짬뽕 덜 맵게 돼?")
    assert "없어요" in option_answer(shop_, ["치즈 추가"], "치즈 추가 돼?")
