"""Shop and menu records as frozen values: what the demo generator builds and the Excel/CSV import validates.

Both end up in PostgreSQL through one writer (``storage.shop_writer.upsert_shops``), keyed by
``(shop_name, address_name)`` for shops and ``(shop, menu_name)`` for menus.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.business_hours import WeekHours

SHOP_CATEGORIES = (
    "한식",
    "중식",
    "일식",
    "양식",
    "치킨",
    "피자",
    "패스트푸드",
    "분식",
    "카페/디저트",
    "도시락/죽",
    "프랜차이즈",
    "기타음식",
    "편의점",
)
MENU_CATEGORIES = ("메인메뉴", "세트메뉴", "사이드메뉴", "음료", "디저트", "기타")
FOOD_CARD_VALUES = ("Y", "N", "P", "U")  # 사용가능, 사용불가, 부분사용가능, 미확인
MAX_MENU_PRICE = 1_000_000


@dataclass(frozen=True)
class OptionChoice:
    name: str
    price: int = 0


@dataclass(frozen=True)
class OptionGroup:
    """One option group of a menu: ``size`` (보통/곱빼기), ``spicy`` (덜 맵게/보통/매운맛), ``extras`` (치즈추가),
    ``style`` (뼈/순살), ``temperature`` (HOT/ICE)."""

    key: str
    choices: tuple[OptionChoice, ...]

    def to_json(self) -> list[dict[str, object]]:
        return [{"name": choice.name, "price": choice.price} for choice in self.choices]


def options_to_json(groups: tuple[OptionGroup, ...]) -> dict[str, object] | None:
    """The ``menus.options`` JSON, or None when the menu has no options."""
    return {group.key: group.to_json() for group in groups} or None


@dataclass(frozen=True)
class MenuRecord:
    menu_name: str
    price: int
    category: str | None = "메인메뉴"
    description: str | None = None
    options: tuple[OptionGroup, ...] = ()
    is_popular: bool | None = False  # None (imports): keep what the database has
    dietary_info: str | None = None
    is_available: bool | None = True

    def options_json(self) -> dict[str, object] | None:
        return options_to_json(self.options)


@dataclass(frozen=True)
class ShopRecord:
    """A shop (seed 000 §3.1 plus neighbourhood, seats and group dining) and its menus.

    ``popularity_score``/``quality_score`` None means "leave what the database has" (imports);
    ``accepts_group_reservation``/``has_private_room`` None means unknown.
    """

    shop_name: str
    category: str
    address_name: str
    latitude: float
    longitude: float
    road_address_name: str | None = None
    is_food_card_shop: str = "U"
    is_good_influence_shop: bool = False
    business_hours: WeekHours | None = None
    phone: str | None = None
    owner_message: str | None = None
    neighbourhood: str | None = None
    seat_count: int | None = None
    accepts_group_reservation: bool | None = None
    has_private_room: bool | None = None
    popularity_score: float | None = None
    quality_score: float | None = None
    menus: tuple[MenuRecord, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.shop_name, self.address_name)

    def business_hours_json(self) -> dict[str, object] | None:
        return self.business_hours.to_json() if self.business_hours is not None else None
