"""TIME_INQUIRY, LOCATION_INQUIRY, MENU_OPTION: about the shop named (fuzzy, pg_trgm) or the one just shown
("거기 몇 시까지 해?", "두 번째 가게 어디야?", "곱빼기 돼?"). The answer keeps the shown shops and makes the
shop asked about the new "거기"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from handlers import texts
from handlers.common import carry, last_follow_up, shown_shops, text_reply
from handlers.conversation import name_words, ordinal, referred_shop
from handlers.reply import Button, Reply
from handlers.shop_facts import hours_answer, location_answer, map_link, option_answer, option_choices, squeeze
from handlers.turn import HandlerDeps, Turn
from storage.shop_details import ShopDetails, shop_by_id
from storage.shops import shops_by_name


async def target_shop(turn: Turn, deps: HandlerDeps, *, fallback: bool = True) -> ShopDetails | None:
    """The shop the question is about: a shown one referred to, else one found by name, else (``fallback``) the
    last one talked about or the first shown."""
    shop_id = referred_shop(turn)
    if shop_id is None and (words := name_words(turn.text)):
        rows = await shops_by_name(deps.pool, words, 1)
        shop_id = rows[0]["id"] if rows else None
    if shop_id is None and fallback and ordinal(turn.text) is None:  # "5번째" of three: ask, do not guess
        shops = shown_shops(turn)
        shop_id = last_follow_up(turn).get("focus") or (shops[0]["id"] if shops else None)
    return await shop_by_id(deps.pool, int(shop_id), turn.now, deps.tz_name) if shop_id else None


def about_shop(turn: Turn, shop: ShopDetails, text: str, buttons: tuple[Button, ...] = ()) -> Reply:
    quick = (texts.QR_HOURS, texts.QR_WHERE, texts.QR_MORE, texts.QR_PICK_FIRST)
    follow_up = carry(turn, focus=shop.shop_id, topic=last_follow_up(turn).get("topic") or "shop")
    return Reply(text=text, quick_replies=quick, buttons=buttons, follow_up=follow_up)


def which_shop(turn: Turn) -> Reply:
    return text_reply(texts.WHICH_SHOP, follow_up=carry(turn))


async def time_inquiry(turn: Turn, deps: HandlerDeps) -> Reply:
    shop = await target_shop(turn, deps)
    if shop is None:
        return which_shop(turn)
    return about_shop(turn, shop, hours_answer(shop, turn.now.astimezone(ZoneInfo(deps.tz_name))))


async def location_inquiry(turn: Turn, deps: HandlerDeps) -> Reply:
    shop = await target_shop(turn, deps)
    if shop is None:
        return which_shop(turn)
    return about_shop(turn, shop, location_answer(shop, turn.position),
                      (Button(texts.MAP_BUTTON, "url", map_link(shop)),))


async def menu_option(turn: Turn, deps: HandlerDeps) -> Reply:
    shop = await target_shop(turn, deps)
    if shop is None:
        return which_shop(turn)
    wanted = list(turn.entities.get("menu_options") or [])
    if not wanted:  # the NLU missed it: any option of this shop's menus that the message names
        said = squeeze(turn.text)
        wanted = [name for menu in shop.menus for name, _ in option_choices(menu) if squeeze(name) in said]
    return about_shop(turn, shop, option_answer(shop, wanted, turn.text))

