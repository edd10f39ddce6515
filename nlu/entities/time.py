"""Meal time asked for: one of 아침, 점심, 저녁, 야식.

Decisions
  * words, not clocks: ``12시``, ``7시 예약`` give no meal time (a clock is as often about opening
    hours as about a meal); ``밤 10시``, ``새벽 2시``, ``아침 7시`` take the meal time of their word;
  * 아침 ← 아침, 아침밥, 조식, 모닝, 오전, 등교 전, 브런치 (late breakfast is still the first meal);
    점심 ← 점심, 점심밥, 점심시간, 런치, lunch, 낮, 정오; 저녁 ← 저녁, 저녁밥, 석식, 디너, dinner;
    야식 ← 야식, 밤, 밤에, 밤늦게, 새벽, 자정, 심야, 야밤;
  * two different meal times in one message (``아침 겸 점심``, ``아침 점심 다 굶었어``) give none:
    the message is not asking for one of them;
  * greetings are no meal time (``좋은 아침``, ``굿모닝``, ``굿밤``).
"""

from __future__ import annotations

import re

MEAL_TIMES = ("아침", "점심", "저녁", "야식")

_MEAL_TIME_WORDS = (
    ("아침", r"아침|조식|모닝|morning|breakfast|오전|등교\s?전|등굣길|브런치|brunch"),
    ("점심", r"점심|(?<!브)런치|lunch|정오|(?<![가-힣])낮(?:에|밥|\s|$)"),
    ("저녁", r"저녁|석식|디너|dinner|supper"),
    ("야식", r"야식|야밤|심야|자정|한밤중|새벽|late\s?night|(?<![가-힣])밤(?=$|[^가-힣]|에|늦게|중|이|엔|새|참|만|\s)"),
)
_PATTERNS = tuple((meal, re.compile(words)) for meal, words in _MEAL_TIME_WORDS)
_GREETING = re.compile(r"좋은\s?아침|굿\s?모닝|good\s?morning|굿\s?밤|좋은\s?밤|좋은\s?저녁")


def parse_time_preference(text: str) -> str | None:
    """The one meal time the message is about, or None (see the module docstring)."""
    if not isinstance(text, str) or not text:
        return None
    text = _GREETING.sub(" ", text.lower()[:2_000])
    found = {meal for meal, pattern in _PATTERNS if pattern.search(text)}
    return found.pop() if len(found) == 1 else None
