"""GROUP_DINING (seed 000 §5.3 scenario 3): head count (asked when missing), shops with enough seats, group
reservation (from 8 people, or when asked), a private room when asked, the budget per person and in total.

A group request is built up over turns: the entities and words said so far are kept in ``follow_up["group"]``
and merged with each new turn ("단체로 1인당 만원" → "몇 명이서 가요?" → "6명" is 6 × 10,000 won)."""

from __future__ import annotations

from dataclasses import replace

from handlers import texts
from handlers.common import last_follow_up, text_reply
from handlers.recommender.scoring import Scored
from handlers.recommender.wish import Wish, group_wish
from handlers.reply import QuickReply, Reply
from handlers.suggest import anchor_for, answer_wish
from handlers.turn import HandlerDeps, Turn

KEPT_ENTITIES = ("budget", "companion_count", "companions", "food_type", "location", "time_preference")


def group_note(item: Scored) -> str:
    shop = item.offer.shop
    parts = [texts.GROUP_SEATS.format(seats=shop.seat_count)] if shop.seat_count else []
    parts += [texts.GROUP_RESERVATION] if shop.group_reservation else []
    parts += [texts.GROUP_ROOM] if shop.private_room else []
    return " · ".join(parts)


def group_intro(wish: Wish, label: str | None) -> str:
    line = texts.GROUP_INTRO.format(people=wish.people)
    if label:
        line = texts.NEAR_PLACE.format(place=label) + line
    if wish.budget is not None and wish.people:
        line += "\n" + texts.GROUP_BUDGET.format(per=wish.budget, people=wish.people, total=wish.total_budget)
    return line


def gathered(turn: Turn) -> dict:
    """What the group request has said so far, this turn included: {"entities", "text"}."""
    before = last_follow_up(turn).get("group") or {}
    entities = {**(before.get("entities") or {}), **{k: v for k, v in turn.entities.items() if k in KEPT_ENTITIES}}
    return {"entities": entities, "text": f"{before.get('text', '')} {turn.text}".strip()[-200:]}


def ask_people(said: dict) -> Reply:
    sizes = tuple(QuickReply(texts.GROUP_SIZE_LABEL.format(n=n), texts.GROUP_SIZE_TEXT.format(n=n))
                  for n in texts.GROUP_SIZES)
    return text_reply(texts.GROUP_ASK_PEOPLE, sizes, follow_up={"topic": "group", "awaiting": "people",
                                                               "group": said})


async def group_dining(turn: Turn, deps: HandlerDeps) -> Reply:
    said = gathered(turn)
    people = said["entities"].get("companion_count")
    if not people:
        return ask_people(said)
    wish = group_wish(said["entities"], said["text"], turn.card, int(people))
    reply = await answer_wish(turn, deps, wish, intro=group_intro(wish, anchor_for(turn, wish).label),
                              topic="group", note=group_note)
    return replace(reply, follow_up={**reply.follow_up, "group": said})
