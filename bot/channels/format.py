"""Pure helpers that turn a ``ShopCard`` into short lines of text, and cut text cleanly at a limit."""

from __future__ import annotations

from urllib.parse import quote

from bot.channels import texts
from handlers.reply import MenuLine, ShopCard


def cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a line or word boundary with an ellipsis when too long."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - len(texts.MORE))]
    for separator in ("\n", ". ", " "):
        at = head.rfind(separator)
        if at >= limit // 2:
            head = head[:at]
            break
    return head.rstrip() + texts.MORE


def menu_price(menu: MenuLine) -> str:
    """"4,500원", or "4,500원 → 1,500원" when a coupon lowers it."""
    if menu.discounted:
        return texts.DISCOUNTED.format(price=menu.price, final=menu.final_price)
    return texts.PRICE.format(price=menu.price)


def menu_line(menu: MenuLine) -> str:
    return f"{menu.name} {menu_price(menu)}"


def card_facts(card: ShopCard) -> list[str]:
    """Distance, open state, meal card and 선한영향력, as short labels."""
    facts = []
    if card.walk_minutes is not None:
        facts.append(texts.WALK.format(minutes=card.walk_minutes))
    if card.open_label:
        facts.append(card.open_label)
    facts.append(texts.FOOD_CARD_LABELS.get(card.food_card, texts.FOOD_CARD_LABELS["U"]))
    if card.good_influence:
        facts.append(texts.GOOD_INFLUENCE)
    return facts


def card_lines(card: ShopCard, max_menus: int = 3) -> list[str]:
    """The body of a card: menus with prices, the coupon, then the facts on one line."""
    lines = [menu_line(m) for m in card.menus[:max_menus]]
    if card.coupon_name:
        lines.append(texts.COUPON.format(name=card.coupon_name))
    if card.note:
        lines.append(card.note)
    lines.append(" · ".join(card_facts(card)))
    return lines


def card_title(card: ShopCard) -> str:
    return f"{card.name} ({card.category})"


def map_url(card: ShopCard) -> str | None:
    """A map link for the shop (Kakao Map's public link format), or None without coordinates."""
    if card.latitude is None or card.longitude is None:
        return None
    return f"https://map.kakao.com/link/map/{quote(card.name)},{card.latitude:.6f},{card.longitude:.6f}"
