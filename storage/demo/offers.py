"""Demo coupons (seed 000 §3.6) and demo users with meal cards: plain data, no I/O.

Coupons are valid 2025-01-01 … 2030-12-31. ``EMERGENCY_FOOD_AID`` is the coupon the app issues with a 24 h expiry
when a card runs low (seed 000 §5.3 scenario 1); ``WELCOME3000`` greets new users (scenario 2).
"""

from __future__ import annotations

from datetime import date

from storage.demo.model import CouponRecord, DemoCard, DemoUser

VALID_FROM = date(2025, 1, 1)
VALID_UNTIL = date(2030, 12, 31)

_VALID = {"valid_from": VALID_FROM, "valid_until": VALID_UNTIL}
# NEIGHBOR2000 gets its shops from the generated set (``with_coupon_shops``).
COUPONS: tuple[CouponRecord, ...] = (
    CouponRecord(
        "WELCOME3000",
        "환영 쿠폰 3,000원",
        "나비얌에 처음 오신 걸 환영해요! 5,000원 이상 식사에 3,000원 할인.",
        "FIXED_AMOUNT",
        "NEW_USER",
        discount_amount=3000,
        min_order_amount=5000,
        target_user_types=("new",),
        priority_score=0.8,
        **_VALID,
    ),
    CouponRecord(
        "FIRST_ORDER10",
        "첫 주문 10% 할인",
        "첫 식사 10% 할인 (최대 2,000원).",
        "PERCENTAGE",
        "NEW_USER",
        discount_rate=0.10,
        max_discount_amount=2000,
        target_user_types=("new",),
        priority_score=0.6,
        **_VALID,
    ),
    CouponRecord(
        "EMERGENCY_FOOD_AID",
        "긴급 식사 지원 5,000원",
        "잔액이 부족할 때 드리는 식사 지원 쿠폰이에요. 받은 뒤 24시간 안에 쓸 수 있어요.",
        "FIXED_AMOUNT",
        "FOODCARD",
        discount_amount=5000,
        target_user_types=("foodcard",),
        max_use_per_user=None,
        priority_score=1.0,
        **_VALID,
    ),
    CouponRecord(
        "FOODCARD2000",
        "급식카드 식사 2,000원 할인",
        "급식카드로 6,000원 이상 식사할 때 2,000원 할인.",
        "FIXED_AMOUNT",
        "FOODCARD",
        discount_amount=2000,
        min_order_amount=6000,
        target_user_types=("foodcard",),
        max_use_per_user=3,
        priority_score=0.7,
        **_VALID,
    ),
    CouponRecord(
        "BUNSIK10",
        "분식 10% 할인",
        "분식 가게에서 10% 할인 (최대 1,500원).",
        "PERCENTAGE",
        "CATEGORY",
        discount_rate=0.10,
        max_discount_amount=1500,
        min_order_amount=4000,
        target_categories=("분식",),
        max_use_per_user=2,
        **_VALID,
    ),
    CouponRecord(
        "HANSIK1000",
        "집밥 1,000원 할인",
        "한식·도시락/죽 가게에서 7,000원 이상 식사에 1,000원 할인.",
        "FIXED_AMOUNT",
        "CATEGORY",
        discount_amount=1000,
        min_order_amount=7000,
        target_categories=("한식", "도시락/죽"),
        max_use_per_user=2,
        **_VALID,
    ),
    CouponRecord(
        "NEIGHBOR2000",
        "우리동네 가게 2,000원",
        "참여 가게에서 8,000원 이상 식사에 2,000원 할인.",
        "FIXED_AMOUNT",
        "SHOP",
        discount_amount=2000,
        min_order_amount=8000,
        priority_score=0.6,
        **_VALID,
    ),
    CouponRecord(
        "FREE_DRINK",
        "음료 한 잔 무료",
        "8,000원 이상 식사하면 음료 한 잔(2,000원 상당) 무료.",
        "FREEBIE",
        "ALL",
        discount_amount=2000,
        min_order_amount=8000,
        priority_score=0.4,
        **_VALID,
    ),
    CouponRecord(
        "FRIENDS_BOGO",
        "친구랑 1+1",
        "치킨·피자 두 개 주문 시 하나 반값 (최대 10,000원).",
        "BOGO",
        "CATEGORY",
        discount_rate=0.50,
        max_discount_amount=10000,
        target_categories=("치킨", "피자"),
        priority_score=0.3,
        **_VALID,
    ),
    CouponRecord(
        "LOYALTY3000",
        "단골 감사 3,000원",
        "다섯 번째 식사를 응원해요. 3,000원 할인.",
        "FIXED_AMOUNT",
        "LOYALTY",
        discount_amount=3000,
        min_order_amount=6000,
        target_user_types=("loyal",),
        priority_score=0.5,
        **_VALID,
    ),
)

USERS: tuple[DemoUser, ...] = (
    DemoUser("kakao", "demo-kakao-minji", "민지", "건대입구", DemoCard(12000, "아동급식카드", "초등학생")),
    DemoUser("kakao", "demo-kakao-low", "하늘", "신림", DemoCard(3500, "아동급식카드", "중학생")),
    DemoUser("line", "demo-line-junho", "준호", "강남역", DemoCard(28000, "청소년급식카드", "고등학생")),
    DemoUser("line", "demo-line-zero", "별", "신림", DemoCard(0, "아동급식카드", "중학생")),
    DemoUser("web", "demo-web-seoyeon", "서연", "건대입구", DemoCard(8000, "아동급식카드", "중학생")),
    DemoUser("web", "demo-web-guest", "손님", "강남역", None),
)
