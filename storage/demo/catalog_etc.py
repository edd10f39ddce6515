"""Catalog: 기타음식 (쌀국수, 카레, 멕시칸)."""

from __future__ import annotations

from storage.demo.catalog_base import CURRY, MON, NO_DAY_OFF, PHO, SUN, HoursProfile, ShopKind, m

H = HoursProfile
BREAK = ("15:00", "17:00")

PHO_KIND = ShopKind(
    "기타음식",
    "쌀국수",
    ("{w} 쌀국수", "포{w}", "{w} 베트남"),
    (
        m("소고기쌀국수", 9500, 11000, opts=PHO, diet="소고기", core=True),
        m("분짜", 11000, 13000, diet="돼지고기"),
        m("팟타이", 11000, 12500, diet="해산물,달걀,견과류"),
        m("반미", 6500, 7500, diet="돼지고기,밀", desc="베트남식 바게트 샌드위치"),
        m("짜조(4개)", 5000, 6000, "사이드메뉴", diet="돼지고기"),
        m("똠얌꿍", 12000, 14000, diet="해산물"),
        m("베트남 커피", 4500, 5500, "음료"),
    ),
    (H("11:00", "21:30", BREAK, (MON, ())), H("11:00", "22:00", None, NO_DAY_OFF)),
    menu_count=(5, 7),
    seats=(16, 50),
    group_prob=0.4,
    room_prob=0.1,
    weight=2,
    words="western",
)
CURRY_KIND = ShopKind(
    "기타음식",
    "카레",
    ("{w}커리", "{w} 카레", "카레{w}"),
    (
        m("카레라이스", 7500, 9500, opts=CURRY, core=True, desc="토핑을 골라 먹는 일본식 카레"),
        m("치킨카레", 9500, 11000, opts=CURRY, diet="닭고기"),
        m("버터치킨커리", 12000, 14000, diet="닭고기,유제품", desc="인도식 커리, 난 별도"),
        m("야채카레", 8000, 9500, opts=CURRY, diet="채식"),
        m("난", 2500, 3000, "사이드메뉴", diet="밀,유제품"),
        m("라씨", 4500, 5500, "음료", diet="유제품"),
    ),
    (H("11:00", "21:00", BREAK, (SUN, ())),),
    menu_count=(5, 6),
    seats=(12, 36),
    group_prob=0.3,
    room_prob=0.0,
    weight=1,
    words="western",
)
TACO = ShopKind(
    "기타음식",
    "멕시칸",
    ("{w} 타코", "타코 {w}", "{w} 부리또"),
    (
        m("타코(2pcs)", 7000, 9000, diet="소고기,밀", core=True),
        m("부리또", 9000, 11000, diet="소고기,밀", core=True),
        m("퀘사디아", 9000, 11000, diet="닭고기,유제품,밀"),
        m("부리또볼", 10000, 12000, diet="닭고기"),
        m("나초", 5500, 7000, "사이드메뉴", diet="유제품"),
        m("멕시칸 콜라", 3000, 3500, "음료"),
    ),
    (H("11:30", "22:00", None, NO_DAY_OFF),),
    menu_count=(5, 6),
    seats=(12, 40),
    group_prob=0.3,
    room_prob=0.0,
    weight=1,
    words="western",
)

ETC_KINDS = (PHO_KIND, CURRY_KIND, TACO)
