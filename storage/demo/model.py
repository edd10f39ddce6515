"""The demo data set as frozen values (no I/O): shops with menus, coupons, demo users with meal cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.shop_rows import ShopRecord

CARD_TYPES = ("아동급식카드", "청소년급식카드", "취약계층지원카드", "기타")
TARGET_AGE_GROUPS = ("초등학생", "중학생", "고등학생", "대학생", "청년", "기타")
PLATFORMS = ("kakao", "line", "web")


@dataclass(frozen=True)
class CouponRecord:
    """A row of ``chatbot.coupons`` (seed 000 §3.6). Exactly one of ``discount_amount``/``discount_rate``.

    ``applicable_shop_keys`` names shops by ``(shop_name, address_name)``; the loader turns them into ids.
    """

    id: str
    coupon_name: str
    description: str
    coupon_type: str  # FIXED_AMOUNT | PERCENTAGE | FREEBIE | BOGO
    usage_type: str  # ALL | SHOP | CATEGORY | FOODCARD | NEW_USER | LOYALTY
    valid_from: date
    valid_until: date
    discount_amount: int | None = None
    discount_rate: float | None = None
    max_discount_amount: int | None = None
    min_order_amount: int = 0
    target_categories: tuple[str, ...] = ()
    applicable_shop_keys: tuple[tuple[str, str], ...] = ()
    target_user_types: tuple[str, ...] = ()
    max_issue_count: int | None = None
    max_use_per_user: int | None = 1
    priority_score: float = 0.5
    is_active: bool = True


@dataclass(frozen=True)
class DemoCard:
    balance: int
    card_type: str = "아동급식카드"
    target_age_group: str = "중학생"


@dataclass(frozen=True)
class DemoUser:
    platform: str
    external_user_id: str
    nickname: str | None = None
    preferred_location: str | None = None
    card: DemoCard | None = None


@dataclass(frozen=True)
class DemoDataset:
    seed: int
    shops: tuple[ShopRecord, ...]
    coupons: tuple[CouponRecord, ...]
    users: tuple[DemoUser, ...]

    @property
    def menu_count(self) -> int:
        return sum(len(shop.menus) for shop in self.shops)
