"""The text the semantic index embeds for a shop and for a menu: pure functions of plain values.

A menu document is the menu's name, its description and whether it is a drink, a side, a dessert or a set; a
shop document names the shop, its category and its first menus (meals first).

The owner's message is left out on purpose: it talks about the meal card and the welcome ("언제든 편하게 와서
든든하게 먹고 가요"), not about the food, and would make "든든한 거" match every 선한영향력 shop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.shop_rows import ShopRecord

SEPARATOR = " · "
SHOP_MENUS_SHOWN = 8
MENU_KIND_WORDS = {"음료": "음료", "디저트": "디저트", "사이드메뉴": "사이드", "세트메뉴": "세트"}


@dataclass(frozen=True)
class ShopText:
    """The columns of ``chatbot.shops`` a shop document is made of."""

    shop_id: int
    name: str
    category: str


@dataclass(frozen=True)
class MenuText:
    """The columns of ``chatbot.menus`` a menu document is made of."""

    menu_id: int
    shop_id: int
    name: str
    description: str | None = None
    category: str | None = None


def category_words(category: str) -> str:
    """"카페/디저트" → "카페 디저트", "도시락/죽" → "도시락 죽": the slash is no word."""
    return category.replace("/", " ")


def menu_document(menu: MenuText) -> str:
    """"김치찌개 · 묵은지와 돼지고기를 푹 끓인 찌개", "콜라 · 음료": the name, the description, the kind of item.

    Nothing else on purpose: measured with the teacher on the labelled queries, adding the shop's category, the
    ingredients (``dietary_info``) and the option groups (맵기 조절, HOT/ICE) to every menu text made retrieval
    worse (hit@5 0.65 against 0.71 without): they make all menus of one kind of shop look alike."""
    parts = [menu.name]
    if menu.description:
        parts.append(menu.description)
    kind = MENU_KIND_WORDS.get(menu.category or "")
    if kind:
        parts.append(kind)
    return SEPARATOR.join(parts)


def shop_document(shop: ShopText, menu_names: Sequence[str]) -> str:
    """"행복국밥 · 한식 · 순대국밥 돼지국밥 뼈해장국": the name, the category and the first menus."""
    parts = [shop.name, category_words(shop.category)]
    shown = [name for name in menu_names[:SHOP_MENUS_SHOWN] if name]
    if shown:
        parts.append(" ".join(shown))
    return SEPARATOR.join(parts)


def texts_from_records(shops: Sequence[ShopRecord], first_id: int = 1) -> tuple[list[ShopText], list[MenuText]]:
    """Shop and menu texts of records not (yet) in a database, numbered from ``first_id`` (demo data, benchmarks);
    like the database path (catalog.py), menus that are not available are left out."""
    shop_texts: list[ShopText] = []
    menu_texts: list[MenuText] = []
    for shop_index, shop in enumerate(shops):
        shop_id = first_id + shop_index
        shop_texts.append(ShopText(shop_id, shop.shop_name, shop.category))
        for menu in shop.menus:
            if menu.is_available is False:
                continue
            menu_texts.append(
                MenuText(
                    menu_id=first_id + len(menu_texts), shop_id=shop_id, name=menu.menu_name,
                    description=menu.description, category=menu.category,
                )
            )
    return shop_texts, menu_texts


def menus_for_shop_document(menus: Sequence[MenuText]) -> list[str]:
    """The menu names a shop document lists: meals first, then sides and desserts; drinks and 공기밥 last."""
    rank = {"메인메뉴": 0, "세트메뉴": 0, None: 0, "사이드메뉴": 1, "디저트": 1, "음료": 2, "기타": 2}
    ordered = sorted(menus, key=lambda menu: (rank.get(menu.category, 1), menu.menu_id))
    return [menu.name for menu in ordered]


def documents_of(shops: Sequence[ShopText], menus: Sequence[MenuText]) -> tuple[list[str], list[str]]:
    """(shop documents in the order of ``shops``, menu documents in the order of ``menus``)."""
    by_shop: dict[int, list[MenuText]] = {}
    for menu in menus:
        by_shop.setdefault(menu.shop_id, []).append(menu)
    shop_docs = [shop_document(shop, menus_for_shop_document(by_shop.get(shop.shop_id, []))) for shop in shops]
    menu_docs = [menu_document(menu) for menu in menus]
    return shop_docs, menu_docs
