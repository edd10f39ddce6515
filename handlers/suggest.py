"""From a ``Wish`` to the answer a child sees: run the recommender for this turn, then say it (cards, one intro
line, a note when the search had to widen, the next steps) or say why nothing fits and offer the way out."""

from __future__ import annotations

from collections.abc import Callable

from handlers import texts
from handlers.common import after_recommendation_quick_replies, default_quick_replies
from handlers.recommender import engine
from handlers.recommender.cards import to_card
from handlers.recommender.explain import WayOut, explain
from handlers.recommender.food import food_wish
from handlers.recommender.places import Anchor, resolve_anchor
from handlers.recommender.scoring import Scored
from handlers.recommender.wish import Wish
from handlers.reply import Reply
from handlers.turn import HandlerDeps, Turn
from storage.coupons import active_wallet

Note = Callable[[Scored], str | None]


async def situation_for(turn: Turn, deps: HandlerDeps, exclude: tuple[int, ...] = ()) -> engine.Situation:
    """The asker's card, wallet and profile at ``turn.now``."""
    wallet = await active_wallet(deps.pool, turn.user.user_id, turn.now) if turn.user else []
    matcher = deps.extras.get("semantic")  # handlers.recommender.semantic.start_semantic, when started
    return engine.Situation(
        now=turn.now, tz_name=deps.tz_name, has_card=bool(turn.card and turn.card.is_active), wallet=tuple(wallet),
        profile=turn.profile, exclude=tuple(exclude), semantic=matcher,
    )


def anchor_for(turn: Turn, wish: Wish) -> Anchor:
    preferred = turn.profile.location_preferences if turn.profile else ()
    return resolve_anchor(wish.place, turn.text, turn.position, preferred).widened(wish.widen)


def intro_line(wish: Wish, anchor: Anchor) -> str:
    food = food_wish(wish.food)
    if food and wish.budget is not None:
        text = texts.RECOMMEND_INTRO_FOOD_BUDGET.format(budget=wish.budget, food=food.label)
    elif food:
        text = texts.RECOMMEND_INTRO_FOOD.format(food=food.label)
    elif wish.budget is not None:
        template = texts.RECOMMEND_INTRO_BALANCE if wish.budget_source == "balance" else texts.RECOMMEND_INTRO_BUDGET
        text = template.format(budget=wish.budget)
    else:
        text = texts.RECOMMEND_INTRO
    return (texts.NEAR_PLACE.format(place=anchor.label) + text) if anchor.label else text


def notes(rec: engine.Recommendation) -> list[str]:
    """Why the answer is not quite what was asked: a dish replaced by its kind of shop, a wider radius."""
    lines = []
    if rec.search.food_relaxed and rec.food:
        lines.append(texts.FOOD_RELAXED.format(food=rec.food.label))
    radii = rec.anchor.radii
    if radii and rec.search.radius_m and rec.search.radius_m > radii[0]:
        lines.append(texts.WIDENED.format(km=round(rec.search.radius_m / 1000, 1)))
    if rec.anchor.point is None:
        lines.append(texts.NO_LOCATION_HINT)
    return lines


def recommendation_reply(turn: Turn, wish: Wish, rec: engine.Recommendation, *, intro: str, topic: str,
                         method: str, note: Note | None = None, shown_before: tuple[int, ...] = ()) -> Reply:
    cards = tuple(to_card(item, wish.budget, note=note(item) if note else None) for item in rec.picks)
    follow_up = {
        "topic": topic, "wish": wish.to_json(), "shops": [{"id": c.shop_id, "name": c.name} for c in cards],
        "shown": [*shown_before, *(c.shop_id for c in cards)], "event_id": turn.event_id,
        "shown_at": turn.now.isoformat(),
    }
    text = "\n".join([intro, *notes(rec)])
    return Reply(text=text, cards=cards, quick_replies=after_recommendation_quick_replies(),
                 recommendation_method=method,
                 total_candidates=rec.search.total_candidates, follow_up=follow_up)


def way_out_reply(wish: Wish, way_out: WayOut, topic: str = "recommend", prefix: str = "") -> Reply:
    """Nothing fits: one line why, the way out first among the quick replies; the wish stays for refining."""
    quick = (*way_out.quick_replies, *default_quick_replies())[:8]
    return Reply(text=prefix + way_out.text, quick_replies=quick, follow_up={"topic": topic, "wish": wish.to_json()})


async def answer_wish(turn: Turn, deps: HandlerDeps, wish: Wish, *, intro: str | None = None, topic: str = "recommend",
                      note: Note | None = None, shown_before: tuple[int, ...] = ()) -> Reply:
    """Recommend for ``wish`` (excluding ``shown_before``), or explain why nothing fits."""
    situation = await situation_for(turn, deps, shown_before)
    anchor = anchor_for(turn, wish)
    rec = await engine.recommend(deps.pool, wish, anchor, situation)
    if rec.picks:
        return recommendation_reply(turn, wish, rec, intro=intro or intro_line(wish, anchor), topic=topic,
                                    method="HYBRID", note=note, shown_before=shown_before)
    if shown_before:
        return Reply(text=texts.MORE_NONE, quick_replies=(texts.QR_WIDER, *default_quick_replies()),
                     follow_up={"topic": topic, "wish": wish.to_json()})
    return way_out_reply(wish, await explain(deps.pool, wish, anchor, situation), topic)
