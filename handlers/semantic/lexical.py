"""Plain word matching, shared by the keyword baseline and the lexical bonus of the semantic index.

A query word matches a text that contains it, spaces ignored; a word of three syllables or more that does not also
tries its first two ("달달한" → "달달", "국물있는거" → "국물"). Filler words (거, 먹고, 싶어, 추천 …) are dropped.
"""

from __future__ import annotations

FILLER = frozenset(
    (
        "거", "것", "게", "좀", "뭐", "뭘", "나", "난", "저", "나도", "오늘", "먹고", "먹을", "먹을래",
        "먹고싶어", "먹고싶다", "싶어", "싶다", "싶어요", "추천", "추천해줘", "해줘", "알려줘", "있어",
        "있어?", "없을까", "땡겨", "땡긴다", "땡김", "같은", "종류", "메뉴", "음식", "요리", "주세요", "ㅠㅠ",
        "ㅋㅋ", "하고", "이랑", "랑", "으로", "로",
    )
)


def query_terms(query: str) -> list[str]:
    return [word for word in query.replace("?", " ").replace("!", " ").split() if word not in FILLER]


def match_length(term: str, document: str) -> int:
    if term in document:
        return len(term)
    if len(term) >= 3 and term[:2] in document:
        return 2
    return 0


def squash(text: str) -> str:
    return "".join(text.split())


def overlap(terms: list[str], squashed_text: str) -> float:
    """The share (0…1) of the query words' characters that ``squashed_text`` matches."""
    total = sum(len(term) for term in terms)
    return sum(match_length(term, squashed_text) for term in terms) / total if total else 0.0
