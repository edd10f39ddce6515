"""Recommendations: candidates from SQL within every hard limit, then a simple ranking (nearest, most popular).

Budget: the amount asked for, else the card balance when the user has a card. Meal card: when the user has an
active card, only shops that accept it.
"""

from __future__ import annotations

from handlers import texts
from handlers.common import default_quick_replies
from handlers.reply import MenuLine, Reply, ShopCard
from handlers.turn import HandlerDeps, Turn
from storage.geo import walking_minutes
from storage.shops import CandidateQuery, ShopCandidate, find_candidates

TOP_N = 5


def budget_for(turn: Turn) -> int | None:
    budget = turn.entities.get("budget")
    if budget:
        return int(budget)
    if turn.card and turn.card.is_active:
        return turn.card.balance
    return None


def to_card(candidate: ShopCandidate) -> ShopCard:
    distance = None if candidate.distance_m is None else int(candidate.distance_m)
    return ShopCard(
        shop_id=candidate.shop_id, name=candidate.name, category=candidate.category,
        menus=tuple(MenuLine(m.menu_id, m.name, m.price, m.price) for m in candidate.menus[:3]),
        distance_m=distance, walk_minutes=None if distance is None else walking_minutes(distance),
        food_card=candidate.food_card, good_influence=candidate.good_influence,
        open_label=texts.OPEN_LABELS.get(candidate.open_state), address=candidate.address,
        latitude=candidate.latitude, longitude=candidate.longitude, score=candidate.popularity,
    )


async def recommend(turn: Turn, deps: HandlerDeps, *, intro: str | None = None) -> Reply:
    budget = budget_for(turn)
    query = CandidateQuery(
        at=turn.now, max_price=budget, meal_card_only=bool(turn.card and turn.card.is_active),
        near=turn.position, radius_m=1500, tz_name=deps.tz_name,
    )
    candidates = await find_candidates(deps.pool, query)
    cards = tuple(to_card(c) for c in candidates[:TOP_N])
    if not cards:
        text = texts.RECOMMEND_NONE_BUDGET.format(budget=budget) if budget else texts.RECOMMEND_NONE
        return Reply(text=text, quick_replies=default_quick_replies(), recommendation_method="FALLBACK")
    if intro is None:
        intro = texts.RECOMMEND_INTRO_BUDGET.format(budget=budget) if budget else texts.RECOMMEND_INTRO
    return Reply(text=intro, cards=cards, quick_replies=default_quick_replies(), recommendation_method="HYBRID",
                 total_candidates=len(candidates), follow_up={"shop_ids": [c.shop_id for c in cards]})
