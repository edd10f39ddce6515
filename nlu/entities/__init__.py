"""Entities of one chat message, in the shape of CONTRACTS §6.

`extract_entities(text)` returns a JSON-serialisable dict with only the keys found among
budget, companion_count, companions, food_type, time_preference, location, menu_options, urgency.
The text is expected to be normalised (`nlu.normalize.normalize`), but any string — or anything
else — is accepted: the result is then simply empty or partial, never an exception. Extraction looks
at the first `MAX_ENTITY_CHARS` characters only, so a pasted essay costs no more than a message.
"""

from __future__ import annotations

from typing import Any

from nlu.entities.food import food_category, load_food_lexicon, parse_food
from nlu.entities.money import parse_budget
from nlu.entities.options import parse_menu_options
from nlu.entities.people import parse_companions
from nlu.entities.place import parse_location, place_area
from nlu.entities.time import parse_time_preference
from nlu.entities.urgency import parse_urgency

__all__ = [
    "ENTITY_KEYS",
    "MAX_ENTITY_CHARS",
    "extract_entities",
    "food_category",
    "load_food_lexicon",
    "parse_budget",
    "parse_companions",
    "parse_food",
    "parse_location",
    "parse_menu_options",
    "parse_time_preference",
    "parse_urgency",
    "place_area",
]

ENTITY_KEYS = (
    "budget",
    "companion_count",
    "companions",
    "food_type",
    "time_preference",
    "location",
    "menu_options",
    "urgency",
)
MAX_ENTITY_CHARS = 1_000


def extract_entities(text: str) -> dict[str, Any]:
    """All entities found in one message, keyed as in CONTRACTS §6, in that key order."""
    if not isinstance(text, str):
        return {}
    text = text[:MAX_ENTITY_CHARS]
    companion_count, companions = parse_companions(text)
    found: dict[str, Any] = {
        "budget": parse_budget(text),
        "companion_count": companion_count,
        "companions": companions,
        "food_type": parse_food(text),
        "time_preference": parse_time_preference(text),
        "location": parse_location(text),
        "menu_options": parse_menu_options(text),
        "urgency": parse_urgency(text),
    }
    return {key: value for key, value in found.items() if value not in (None, [], "")}
