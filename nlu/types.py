"""The NLU's output values (CONTRACTS §6): the 12 intents and one `NluResult` per message."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Intent(StrEnum):
    """What the user wants; the values of `conversations.extracted_intent`."""

    BUDGET_INQUIRY = "BUDGET_INQUIRY"
    FOOD_REQUEST = "FOOD_REQUEST"
    EMERGENCY_FOOD = "EMERGENCY_FOOD"
    GROUP_DINING = "GROUP_DINING"
    BALANCE_CHECK = "BALANCE_CHECK"
    BALANCE_CHARGE = "BALANCE_CHARGE"
    COUPON_INQUIRY = "COUPON_INQUIRY"
    TIME_INQUIRY = "TIME_INQUIRY"
    LOCATION_INQUIRY = "LOCATION_INQUIRY"
    MENU_OPTION = "MENU_OPTION"
    GENERAL_CHAT = "GENERAL_CHAT"
    UNKNOWN = "UNKNOWN"


def clamp_confidence(value: object) -> float:
    """A confidence as stored in `intent_confidence DECIMAL(4,3)`: in [0, 1], 3 decimals."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(number):
        return 0.0
    return round(min(1.0, max(0.0, number)), 3)


@dataclass(frozen=True)
class NluResult:
    """What the NLU understood of one message.

    `entities` holds only the keys that were found (§6 table); it is the result's own copy
    (treat it as read-only: `dataclasses.asdict` and JSON work on it as a plain dict).
    """

    text: str
    intent: Intent
    confidence: float
    entities: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "intent", Intent(self.intent))
        object.__setattr__(self, "confidence", clamp_confidence(self.confidence))
        object.__setattr__(self, "entities", dict(self.entities))

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly `{"text", "intent", "confidence", "entities"}`, JSON-serialisable."""
        return {
            "text": self.text,
            "intent": self.intent.value,
            "confidence": self.confidence,
            "entities": _plain(self.entities),
        }


def _plain(entities: Mapping[str, Any]) -> dict[str, Any]:
    """Copy entities into plain JSON values (lists stay lists, tuples become lists)."""
    plain: dict[str, Any] = {}
    for key, value in entities.items():
        plain[key] = list(value) if isinstance(value, (list, tuple)) else value
    return plain
