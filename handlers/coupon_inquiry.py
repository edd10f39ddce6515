"""COUPON_INQUIRY: the coupons the user can use, with expiry and where they apply; with a shop named ("거기",
"1번", a name), the final prices there after the best coupon."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.common import carry, text_reply
from handlers.conversation import name_words, referred_shop
from handlers.recommender.pricing import best_price
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn
from storage.coupons import WalletCoupon, active_wallet
from storage.shop_details import ShopDetails, shop_by_id
from storage.shops import shops_by_name

SHOP_LINES = 3


def until(expires_at: datetime, tz_name: str) -> str:
    """"12월 31일" for a coupon valid to the end of a day, else "11월 24일 18:30"."""
    local = expires_at.astimezone(ZoneInfo(tz_name))
    if (local.hour, local.minute) == (0, 0):
        local = local.fromordinal(local.toordinal() - 1).replace(tzinfo=local.tzinfo)
        return texts.COUPON_UNTIL_DAY.format(month=local.month, day=local.day)
    return texts.COUPON_UNTIL.format(month=local.month, day=local.day, hour=local.hour, minute=local.minute)


def where(coupon: WalletCoupon) -> str:
    template = texts.COUPON_WHERE.get(coupon.usage_type, texts.COUPON_WHERE["ALL"])
    return template.format(categories="·".join(coupon.target_categories))


def wallet_answer(wallet: Sequence[WalletCoupon], tz_name: str) -> str:
    lines = [texts.COUPONS_INTRO.format(count=len(wallet))]
    lines += [texts.COUPON_LINE.format(name=c.name, where=where(c), until=until(c.expires_at, tz_name)) for c in wallet]
    return "\n".join(lines)


def shop_answer(shop: ShopDetails, wallet: Sequence[WalletCoupon], has_card: bool) -> str:
    """The shop's menus whose price a coupon lowers, biggest saving first."""
    priced = [best_price(menu, shop, wallet, has_card) for menu in shop.menus]
    saved = sorted((p for p in priced if p.coupon is not None), key=lambda p: (-p.discount, p.final_price))
    if not saved:
        return texts.COUPON_AT_SHOP_NONE.format(shop=shop.name)
    lines = [texts.COUPON_AT_SHOP.format(shop=shop.name)]
    lines += [texts.COUPON_AT_SHOP_LINE.format(menu=p.menu.name, price=p.menu.price, final=p.final_price,
                                               coupon=p.coupon.name) for p in saved[:SHOP_LINES]]
    return "\n".join(lines)


async def named_shop(turn: Turn, deps: HandlerDeps) -> ShopDetails | None:
    shop_id = referred_shop(turn)
    if shop_id is None and (words := name_words(turn.text)):
        rows = await shops_by_name(deps.pool, words, 1)
        shop_id = rows[0]["id"] if rows else None
    return await shop_by_id(deps.pool, int(shop_id)) if shop_id else None


async def coupon_inquiry(turn: Turn, deps: HandlerDeps) -> Reply:
    wallet = await active_wallet(deps.pool, turn.user.user_id, turn.now) if turn.user else []
    if not wallet:
        return text_reply(texts.COUPON_NONE, follow_up=carry(turn))
    shop = await named_shop(turn, deps)
    if shop is not None:
        has_card = bool(turn.card and turn.card.is_active)
        return text_reply(shop_answer(shop, wallet, has_card), follow_up=carry(turn, focus=shop.shop_id))
    return text_reply(wallet_answer(wallet, deps.tz_name), follow_up=carry(turn))
