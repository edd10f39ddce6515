"""A choice among the shops shown ("1번", "두 번째 갈래", "{가게} 갈래요", a card's button) and a 👍/👎.

Both are logged for the recommender (``storage.recommendations``): the chosen shop and the time to decide go to
the showing turn's ``recommendations_log`` row, every action to ``ml_training.recommendation_feedback``. A 👍 on
a chosen shop also makes it a favourite (the ``user_preference`` feature).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import jobs, texts
from handlers.common import carry, last_follow_up, text_reply
from handlers.conversation import feedback_rating, postback_shop, referred_shop
from handlers.recommender.features import meal_time
from handlers.recommender.wish import Wish
from handlers.reply import Button, Reply
from handlers.shop_facts import map_link
from handlers.turn import HandlerDeps, Turn
from storage.geo import GeoPoint, distance_m, walking_minutes
from storage.recommendations import Choice
from storage.shop_details import ShopDetails, shop_by_id
from storage.users import add_favorite_shop


def elapsed_ms(shown_at: str | None, now: datetime) -> int | None:
    try:
        return max(0, int((now - datetime.fromisoformat(shown_at)).total_seconds() * 1000)) if shown_at else None
    except (TypeError, ValueError):
        return None


def choice_for(turn: Turn, tz_name: str, action: str, shop_id: int | None, rating: int | None = None) -> Choice | None:
    """The choice to log, or None when there is nothing to attach it to (no user, no shown recommendation)."""
    follow = last_follow_up(turn)
    if turn.user is None or not follow.get("event_id") or not turn.session_id:
        return None
    wish = Wish.from_json(follow.get("wish")) or Wish()
    local = turn.now.astimezone(ZoneInfo(tz_name))
    where = {"lat": turn.position.latitude, "lng": turn.position.longitude} if turn.position else None
    profile = turn.profile
    return Choice(
        session_id=turn.session_id, shown_event_id=str(follow["event_id"]), event_id=turn.event_id,
        user_id=turn.user.user_id, action=action, at=turn.now.isoformat(), shop_id=shop_id, rating=rating,
        time_to_action_ms=elapsed_ms(follow.get("shown_at"), turn.now), channel=turn.channel,
        context_features={"time_of_day": meal_time(local), "day_of_week": local.strftime("%A").lower(),
                          "location": where, "budget": wish.budget, "companions": wish.people},
        user_features={"preferred_categories": list(profile.preferred_categories) if profile else [],
                       "avg_budget": profile.average_budget if profile else None,
                       "total_orders": profile.interaction_count if profile else 0, "has_card": turn.card is not None},
    )


def picked_text(shop: ShopDetails, here: GeoPoint | None) -> str:
    text = texts.PICKED.format(name=shop.name)
    if here is not None:
        metres = distance_m(here, GeoPoint(shop.latitude, shop.longitude))
        text += texts.PICKED_WAY.format(address=shop.road_address or shop.address, minutes=walking_minutes(metres))
    return text + texts.PICKED_ASK


async def select(turn: Turn, deps: HandlerDeps) -> Reply:
    shop_id = postback_shop(turn) or referred_shop(turn)
    shop = await shop_by_id(deps.pool, shop_id) if shop_id else None
    if shop is None:
        return text_reply(texts.PICK_WHICH, follow_up=carry(turn))
    choice = choice_for(turn, deps.tz_name, "selected", shop.shop_id)
    if choice is not None:
        await jobs.submit_choice(deps, choice)
    return Reply(text=picked_text(shop, turn.position), quick_replies=(texts.QR_LIKE, texts.QR_DISLIKE, texts.QR_WHERE),
                 buttons=(Button(texts.MAP_BUTTON, "url", map_link(shop)),),
                 follow_up=carry(turn, topic="picked", focus=shop.shop_id))


async def feedback(turn: Turn, deps: HandlerDeps) -> Reply:
    rating = feedback_rating(turn.text)
    focus = last_follow_up(turn).get("focus")
    choice = choice_for(turn, deps.tz_name, "selected" if focus else "viewed", focus, rating)
    if choice is not None:
        await jobs.submit_choice(deps, choice)
    if rating == 5 and focus and turn.user is not None:
        await add_favorite_shop(deps.pool, turn.user.user_id, int(focus))
        await jobs.forget_cached_profile(deps, turn.user.user_key)
    return text_reply(texts.FEEDBACK_UP if rating == 5 else texts.FEEDBACK_DOWN, follow_up=carry(turn))
