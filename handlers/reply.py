"""What a handler answers: a channel-neutral ``Reply`` that LINE, Kakao and the web render each in their way.

Handlers decide *what* to say; channels only decide *how it looks* on their platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MenuLine:
    """One menu that fits: its price, and the price after the best coupon (``final_price``)."""

    menu_id: int
    name: str
    price: int
    final_price: int

    @property
    def discounted(self) -> bool:
        return self.final_price < self.price


@dataclass(frozen=True)
class ShopCard:
    """One recommended shop as a card: name, why, the menus that fit, how far, what the card allows."""

    shop_id: int
    name: str
    category: str
    menus: tuple[MenuLine, ...] = ()
    distance_m: int | None = None
    walk_minutes: int | None = None
    food_card: str = "U"
    good_influence: bool = False
    open_label: str | None = None
    coupon_name: str | None = None
    reason_codes: tuple[str, ...] = ()
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    score: float = 0.0
    note: str | None = None

    @property
    def cheapest_final_price(self) -> int | None:
        return min((m.final_price for m in self.menus), default=None)


@dataclass(frozen=True)
class QuickReply:
    """A suggestion chip: ``label`` is shown, ``text`` is what the user "says" when tapping it."""

    label: str
    text: str


@dataclass(frozen=True)
class Button:
    """A button on a card or under the answer: ``kind`` is ``message`` (send ``value``), ``postback`` (silent
    action ``value``) or ``url`` (open ``value``)."""

    label: str
    kind: str
    value: str


@dataclass(frozen=True)
class Reply:
    """The whole answer to one turn."""

    text: str
    cards: tuple[ShopCard, ...] = ()
    quick_replies: tuple[QuickReply, ...] = ()
    buttons: tuple[Button, ...] = ()
    recommendation_method: str | None = None
    total_candidates: int = 0
    follow_up: dict = field(default_factory=dict)  # what the next turn may refer to ("거기", "다른 데는?")
