"""What the user wants, as one value that survives between turns (pure): budget, food, place, head count.

A ``Wish`` is built from one turn's entities, kept in the reply's ``follow_up`` (JSON), and refined by the next
turn: "치킨" then "만원 이하로" is 치킨 within 10,000 won; a new food starts a new wish.

Budget sources, first that applies: the amount asked (``budget``); for a group, "1인당 만원" × people or a total
shared out; with no amount and an active meal card, the card's balance; else no price limit (cheaper still
scores better).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from storage.users import MealCard

PER_PERSON = re.compile(r"(?:1|한)\s?(?:인|명|사람)\s?당|인당|개인당|각자|한\s?사람에|머릿수")
PRIVATE_ROOM = re.compile(r"룸|방\s?(?:있|잡|으로|이)|개별실|독립|단독|프라이빗|따로\s?앉")
RESERVATION = re.compile(r"예약|단체석|회식|모임")
WIDER = re.compile(r"더\s?넓게|멀어도|조금\s?더\s?멀리|멀리까지|넓게\s?찾")
GROUP_RESERVATION_FROM = 8  # from this many people a shop must take group reservations


@dataclass(frozen=True)
class Wish:
    budget: int | None = None
    budget_source: str = "none"  # asked | balance | per_person | total | none
    food: str | None = None
    place: str | None = None
    people: int | None = None
    group: bool = False
    private_room: bool = False
    reservation: bool = False
    time_slot: str | None = None
    widen: int = 0
    text: str = ""

    @property
    def total_budget(self) -> int | None:
        """The whole table's budget for a group (per person × people), else the one meal's budget."""
        if self.budget is None or not self.people or not self.group:
            return self.budget
        return self.budget * self.people

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping | None) -> Wish | None:
        if not isinstance(data, Mapping):
            return None
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError:
            return None


def _int(value: object) -> int | None:
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def card_budget(card: MealCard | None) -> int | None:
    return card.balance if card is not None and card.is_active else None


def wish_from(entities: Mapping, text: str, card: MealCard | None) -> Wish:
    """A one-meal wish (BUDGET_INQUIRY, FOOD_REQUEST) from one turn."""
    asked = _int(entities.get("budget"))
    budget, source = (asked, "asked") if asked is not None else (card_budget(card), "balance")
    return Wish(
        budget=budget, budget_source=source if budget is not None else "none", food=entities.get("food_type"),
        place=entities.get("location"), people=_int(entities.get("companion_count")),
        time_slot=entities.get("time_preference"), widen=1 if WIDER.search(text) else 0, text=text,
    )


def group_wish(entities: Mapping, text: str, card: MealCard | None, people: int | None) -> Wish:
    """A group wish: the budget per person ("1인당 만원") or a total shared out, seats for ``people``."""
    asked = _int(entities.get("budget"))
    budget, source = None, "none"
    if asked is not None and people:
        budget, source = (asked, "per_person") if PER_PERSON.search(text) else (asked // people, "total")
    return Wish(
        budget=budget, budget_source=source, food=entities.get("food_type"), place=entities.get("location"),
        people=people, group=True, private_room=bool(PRIVATE_ROOM.search(text)),
        reservation=bool(RESERVATION.search(text)) or (people or 0) >= GROUP_RESERVATION_FROM,
        time_slot=entities.get("time_preference"), text=text,
    )


def refine(previous: Wish, current: Wish) -> Wish:
    """``previous`` narrowed by what this turn adds: a new budget, place, head count or "더 넓게"."""
    changes: dict = {"text": f"{previous.text} {current.text}".strip()[-200:]}
    if current.budget_source in ("asked", "per_person", "total"):
        changes.update(budget=current.budget, budget_source=current.budget_source)
    for name in ("food", "place", "people", "time_slot"):
        value = getattr(current, name)
        if value is not None:
            changes[name] = value
    if current.private_room:
        changes["private_room"] = True
    changes["widen"] = previous.widen + current.widen
    return replace(previous, **changes)
