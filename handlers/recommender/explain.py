"""When nothing fits: find out which limit emptied the answer and the nearest way out (one line, one tap).

Tried in order, each a single relaxed SQL query: a higher budget (how much the cheapest meal costs), any food
instead of the one asked for, anywhere instead of nearby, shops that open soon. The first that finds something
is the explanation; the way out is a quick reply that asks for exactly that. Closed shops are only *named*
with their opening time, never recommended.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.recommender.engine import Situation, candidate_query, priced_offers
from handlers.recommender.food import food_wish
from handlers.recommender.places import Anchor
from handlers.recommender.wish import Wish
from handlers.reply import QuickReply
from storage.business_hours import format_hhmm, open_state
from storage.shops import ShopCandidate, find_candidates

OPENING_HORIZON_MIN = 180
STEP_MIN = 5


@dataclass(frozen=True)
class WayOut:
    kind: str  # budget | food | radius | opening | balance | none
    text: str
    quick_replies: tuple[QuickReply, ...] = ()


def round_up(price: int, step: int = 500) -> int:
    return int(math.ceil(price / step) * step)


def opens_at(hours: dict | None, local: datetime, horizon: int = OPENING_HORIZON_MIN) -> datetime | None:
    """The first moment on the 5-minute grid after ``local`` (within ``horizon`` minutes) when the shop serves."""
    moment = local.replace(second=0, microsecond=0)
    moment += timedelta(minutes=(-moment.minute) % STEP_MIN or STEP_MIN)
    while moment <= local + timedelta(minutes=horizon):
        if open_state(hours, moment.weekday(), moment.hour * 60 + moment.minute) == "OPEN":
            return moment
        moment += timedelta(minutes=STEP_MIN)
    return None


def opening_soon(candidates: list[ShopCandidate], local: datetime) -> tuple[ShopCandidate, datetime] | None:
    """The closed candidate that opens first within the horizon, and when (ties: the lower shop id)."""
    found = [(at, shop.shop_id, shop) for shop in candidates if (at := opens_at(shop.business_hours, local))]
    if not found:
        return None
    at, _, shop = min(found, key=lambda item: item[:2])
    return shop, at


async def explain(pool, wish: Wish, anchor: Anchor, situation: Situation) -> WayOut:
    """Why nothing fits ``wish`` and the nearest way out."""
    food = food_wish(wish.food)
    radius = anchor.radii[-1] if anchor.radii else None
    if wish.budget is not None:
        query = candidate_query(wish, food, anchor, radius, situation, use_terms=False, max_price=None)
        offers = priced_offers(await find_candidates(pool, query), None, situation)
        if offers:
            cheapest = min(offer.menus[0].final_price for offer in offers)
            return budget_way_out(wish, round_up(cheapest))
    if food is not None:
        query = candidate_query(replace(wish, food=None), None, anchor, radius, situation)
        if priced_offers(await find_candidates(pool, query), wish.budget, situation):
            return WayOut("food", texts.NOTHING_FOOD.format(food=food.label), (texts.QR_ANY_FOOD,))
    if anchor.point is not None:
        query = candidate_query(wish, food, anchor, radius, situation, use_terms=False, near=None)
        if priced_offers(await find_candidates(pool, query), wish.budget, situation):
            return WayOut("radius", texts.NOTHING_NEAR.format(km=round(radius / 1000, 1)), (texts.QR_WIDER,))
    query = candidate_query(wish, food, anchor, radius, situation, use_terms=False, open_only=False)
    offers = priced_offers(await find_candidates(pool, query), wish.budget, situation)
    closed = [offer.shop for offer in offers if offer.shop.open_state != "OPEN"]
    soon = opening_soon(closed, situation.now.astimezone(ZoneInfo(situation.tz_name)))
    if soon is not None:
        return WayOut("opening", texts.NOTHING_OPEN_SOON.format(name=soon[0].name, time=format_hhmm(
            soon[1].hour * 60 + soon[1].minute)))
    return WayOut("none", texts.NOTHING_AT_ALL, (texts.QR_ANY_FOOD,))


def budget_way_out(wish: Wish, cheapest: int) -> WayOut:
    """"{budget}원 안에서는 없어요, {cheapest}원부터 있어요" — gentler when the limit is the card's balance."""
    if wish.budget_source == "balance":
        return WayOut("balance", texts.NOTHING_IN_BALANCE.format(balance=wish.budget),
                      (texts.QR_FREE_MEALS, texts.QR_MY_COUPONS))
    higher = QuickReply(texts.QR_BUDGET_LABEL.format(price=cheapest), texts.QR_BUDGET_TEXT.format(price=cheapest))
    return WayOut("budget", texts.NOTHING_IN_BUDGET.format(budget=wish.budget, price=cheapest), (higher,))
