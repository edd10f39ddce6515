"""BUDGET_INQUIRY and FOOD_REQUEST: recommend shops for what this turn asks, refining the previous wish.

Multi-turn: "치킨" then "만원 이하로" is 치킨 within 10,000 won (a refinement keeps the food, place and head
count, and takes what the new turn adds); "아무거나" drops the food; a new food or a whole new question
("5천원으로 점심 뭐 먹지?") starts over. "다른 데는?" (``more``) shows the next shops, never the same ones.
"""

from __future__ import annotations

from dataclasses import replace

from handlers import texts
from handlers.common import last_follow_up
from handlers.conversation import ANY_FOOD, NEW_QUESTION
from handlers.group import group_note
from handlers.recommender.food import food_wish, same_food
from handlers.recommender.wish import Wish, refine, wish_from
from handlers.reply import Reply
from handlers.suggest import answer_wish
from handlers.turn import HandlerDeps, Turn

REFINABLE_TOPICS = ("recommend", "shop", "picked")


def current_wish(turn: Turn) -> Wish:
    """This turn's wish, refining the previous one when the conversation stays on it."""
    fresh = wish_from(turn.entities, turn.text, turn.card)
    follow = last_follow_up(turn)
    previous = Wish.from_json(follow.get("wish")) if follow.get("topic") in REFINABLE_TOPICS else None
    if previous is None or previous.group or NEW_QUESTION.search(turn.text):
        return fresh
    if fresh.food and not same_food(food_wish(fresh.food), food_wish(previous.food)):
        return fresh
    refined = refine(previous, fresh)
    return replace(refined, food=None) if ANY_FOOD.search(turn.text) else refined


async def recommend(turn: Turn, deps: HandlerDeps) -> Reply:
    return await answer_wish(turn, deps, current_wish(turn))


async def more(turn: Turn, deps: HandlerDeps) -> Reply:
    """"다른 데는?": the same wish, without every shop shown for it so far."""
    follow = last_follow_up(turn)
    wish = Wish.from_json(follow.get("wish")) or wish_from(turn.entities, turn.text, turn.card)
    shown = tuple(int(i) for i in follow.get("shown", []) if str(i).isdigit())
    if wish.group:
        return await answer_wish(turn, deps, wish, intro=texts.MORE_INTRO, topic="group", note=group_note,
                                 shown_before=shown)
    return await answer_wish(turn, deps, wish, intro=texts.MORE_INTRO, topic=follow.get("topic", "recommend"),
                             shown_before=shown)
