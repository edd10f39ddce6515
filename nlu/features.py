"""Features of one message for the intent classifier.

Four groups, each L2-normalised on its own and scaled by a group weight, so that a long
message does not drown the few entity flags:

* `c:` character 1–4-grams of the *compact* text (normalised, no whitespace, every digit
  run written ``0``): spacing-insensitive and robust to typos and unseen words;
* `m:` / `m2:` morpheme unigrams and bigrams from the configured analyser (Okt lemmas);
* `e:` flags of the entities found (a budget, a group of 4+, a food, a menu option …),
  which is what separates e.g. BUDGET_INQUIRY from FOOD_REQUEST;
* `q:` cue groups of `nlu.cues` (location words, opening-hours words …).

The same function featurises training and live messages, so they can never drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from nlu.cues import cue_groups
from nlu.morph import Analyzer

_WHITESPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Okt glues what follows a number into one 'Foreign' token (5천원으로점심 …): space it out.
_NUMBER_WITH_UNIT = re.compile(r"(\d+(?:[.,]\d+)*\s*(?:[십백천만]+\s*)?(?:원|명|개|시|분|인분|살)?)")


@dataclass(frozen=True)
class FeatureConfig:
    """How messages are featurised; stored with each model so that load uses the same."""

    char_min: int = 1
    char_max: int = 4
    morph_ngrams: int = 2
    char_weight: float = 1.0
    morph_weight: float = 1.0
    entity_weight: float = 0.5
    cue_weight: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


def compact_text(normalized: str) -> str:
    """Spacing-insensitive form for character n-grams: no whitespace, digit runs → ``0``."""
    return _DIGITS.sub("0", _WHITESPACE.sub("", normalized.lower()))


def analyzer_input(normalized: str) -> str:
    """The text handed to the morphological analyser: numbers with their unit spaced out."""
    return _WHITESPACE.sub(" ", _NUMBER_WITH_UNIT.sub(r" \1 ", normalized)).strip()


def char_ngrams(compact: str, low: int, high: int) -> set[str]:
    """Character n-grams of `compact` with ``^``/``$`` marking the message's edges."""
    if not compact:
        return set()
    padded = f"^{compact}$"
    grams: set[str] = set()
    for size in range(low, high + 1):
        for start in range(len(padded) - size + 1):
            grams.add("c:" + padded[start:start + size])
    grams.discard("c:^")
    grams.discard("c:$")
    return grams


def morph_ngrams(pairs: list[tuple[str, str]], order: int) -> set[str]:
    """Morpheme (lemma) unigrams and, up to `order`, n-grams; punctuation dropped."""
    lemmas = [_DIGITS.sub("0", morph) for morph, tag in pairs if tag != "Punctuation"]
    grams = {"m:" + lemma for lemma in lemmas}
    for size in range(2, order + 1):
        for start in range(len(lemmas) - size + 1):
            grams.add(f"m{size}:" + "|".join(lemmas[start:start + size]))
    return grams


def entity_flags(entities: Mapping[str, Any]) -> set[str]:
    """One flag per kind of entity found; head counts bucketed (alone, 2–3, 4+).

    Urgency is left out: every EMERGENCY_FOOD example carries it, so the model would learn
    "hungry → emergency", which GUIDELINES §2 rules out (배고파 alone is FOOD_REQUEST).
    """
    flags = {"e:" + key for key in entities if key not in ("companion_count", "urgency")}
    count = entities.get("companion_count")
    if isinstance(count, int):
        flags.add("e:alone" if count <= 1 else "e:group4" if count >= 4 else "e:pair")
    return flags


def _weighted(group: set[str], weight: float) -> dict[str, float]:
    if not group or weight <= 0:
        return {}
    value = weight / math.sqrt(len(group))
    return {name: value for name in group}


def extract_features(
    normalized: str,
    entities: Mapping[str, Any],
    analyzer: Analyzer,
    config: FeatureConfig,
) -> dict[str, float]:
    """Sparse feature vector (name → value) of one normalised message."""
    pairs = analyzer.pos(analyzer_input(normalized)) if normalized else []
    features = _weighted(char_ngrams(compact_text(normalized), config.char_min, config.char_max),
                         config.char_weight)
    features.update(_weighted(morph_ngrams(pairs, config.morph_ngrams), config.morph_weight))
    features.update(_weighted(entity_flags(entities), config.entity_weight))
    features.update(_weighted({"q:" + group for group in cue_groups(normalized)}, config.cue_weight))
    return features
