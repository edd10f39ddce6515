"""EMERGENCY_FOOD (seed 000 §5.3 scenario 1): food first. Free meals at 선한영향력가게, then the cheapest open
meals within the balance, nearest first; then the emergency coupon is queued when the card is low and none was
issued in the last 24 hours, and the answer says it is coming. Never a question before food.
"""

from __future__ import annotations

import re
from datetime import timedelta

from handlers import jobs, texts
from handlers.common import after_recommendation_quick_replies
from handlers.recommender.cards import to_card
from handlers.recommender.emergency import emergency_order, emergency_search
from handlers.recommender.explain import explain
from handlers.recommender.scoring import Scored
from handlers.recommender.wish import Wish, card_budget
from handlers.reply import Reply
from handlers.suggest import anchor_for, situation_for, way_out_reply
from handlers.turn import HandlerDeps, Turn
from storage.coupons import issued_since

EMERGENCY_COUPON = "EMERGENCY_FOOD_AID"
COUPON_EVERY = timedelta(hours=24)
DISTRESS = re.compile(r"굶|며칠|이틀|사흘|하루\s?종일|힘들|아무것도\s?못|못\s?먹었")  # then a helpline, gently


async def coupon_line(turn: Turn, deps: HandlerDeps) -> str:
    """Queue the emergency coupon when eligible; the line that says so ("" when not eligible)."""
    card, user = turn.card, turn.user
    if user is None or card is None or not card.is_active or not card.is_low:
        return ""
    if await issued_since(deps.pool, user.user_id, EMERGENCY_COUPON, turn.now - COUPON_EVERY):
        return texts.EMERGENCY_COUPON_HELD
    outcome = await jobs.enqueue_emergency_coupon(deps, user.user_id)
    return texts.EMERGENCY_COUPON_COMING if outcome in ("queued", "already") else ""


def free_note(has_card: bool):
    def note(item: Scored) -> str | None:
        if not item.offer.shop.good_influence:
            return None
        return texts.EMERGENCY_FREE_NOTE if has_card else texts.EMERGENCY_FREE_NOTE_NO_CARD
    return note


async def emergency_food(turn: Turn, deps: HandlerDeps) -> Reply:
    budget = turn.entities.get("budget", card_budget(turn.card))
    wish = Wish(budget=budget, budget_source="balance" if "budget" not in turn.entities else "asked", text=turn.text)
    situation, anchor = await situation_for(turn, deps), anchor_for(turn, wish)
    free, cheap = await emergency_search(deps.pool, budget, anchor, situation)
    picks = emergency_order(free.offers, cheap.offers, budget, situation.has_card)
    coupon = await coupon_line(turn, deps)
    helpline = texts.EMERGENCY_HELPLINE if DISTRESS.search(turn.text) else ""
    if not picks:
        way_out = await explain(deps.pool, wish, anchor, situation)
        reply = way_out_reply(wish, way_out, "emergency", prefix=texts.EMERGENCY_NONE + " ")
        return Reply(text="\n".join(filter(None, [reply.text, coupon, helpline])), quick_replies=reply.quick_replies,
                     follow_up=reply.follow_up)
    cards = tuple(to_card(item, budget, note=free_note(situation.has_card)(item)) for item in picks)
    follow_up = {"topic": "emergency", "wish": wish.to_json(), "shops": [{"id": c.shop_id, "name": c.name}
                 for c in cards], "shown": [c.shop_id for c in cards], "event_id": turn.event_id,
                 "shown_at": turn.now.isoformat()}
    return Reply(text="\n".join(filter(None, [texts.EMERGENCY_INTRO, coupon, helpline])), cards=cards,
                 quick_replies=after_recommendation_quick_replies(), recommendation_method="EMERGENCY",
                 total_candidates=free.total_candidates + cheap.total_candidates, follow_up=follow_up)
