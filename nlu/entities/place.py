"""The place a message names, from the gazetteer nlu/lexicon/places.tsv and a few patterns.

Decision: `parse_location` returns the place **as named**, tidied (``건대입구역``, ``신림역 3번출구``,
``학교 앞``, ``우리 학교``), because a station exit or "in front of the school" is information the
recommender can use; `place_area` maps a named place to its demo neighbourhood
(``건대`` → ``건대입구``, ``강남`` → ``강남역``, ``서울대입구역`` → ``신림``) for shop look-ups.

What counts as a place
  * a gazetteer name as a word (``건대``, ``신림``, ``강남역``, ``홍대``), with a following ``역`` and
    ``N번 출구`` kept;
  * any ``XX역`` that is not a common word (``지역``, ``구역``, ``내역``) and any ``…중학교/고등학교``;
  * the user's own places — 학교, 학원, 집, 역 — only when said as a place: with 앞/정문/후문/옆
    (kept: ``학교 앞``) or 근처/주변/쪽/에서 가까워… (dropped: ``집 근처`` → ``집``);
    ``학교 끝나고`` and ``치킨집`` are no places. Bare 근처/여기 name no place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PLACE_LEXICON_PATH = Path(__file__).resolve().parent.parent / "lexicon" / "places.tsv"

_PLACE_FOLLOW = (
    r"(?=$|[^가-힣]|에서|에|으로|로|쪽|근처|주변|앞|이|가|은|는|도|까지|맛집|점|사거리|방면|부근|인근"
    r"|인데|이야|요|가는|갈|출구|엔|랑|이랑|하고|의|중|고기|분식|떡볶|치킨|피자|마라|국밥|초밥|순대)"
)
_EXIT = re.compile(r"\s?(\d{1,2})\s?번\s?(?:출구|출구쪽)")
_NOT_STATIONS = frozenset(
    [
        "지역",
        "구역",
        "영역",
        "무역",
        "내역",
        "전역",
        "반역",
        "번역",
        "통역",
        "해역",
        "권역",
        "성역",
        "수역",
        "하역",
        "이역",
        "사용내역",
        "충전내역",
        "결제내역",
        "지하철역",
        "전철역",
    ]
)
_STATION = re.compile(rf"(?<![가-힣])([가-힣]{{2,5}}역){_PLACE_FOLLOW}")
_SCHOOL = re.compile(rf"(?<![가-힣])([가-힣]{{1,6}}(?:초등학교|중학교|고등학교|여중|여고|대학교)){_PLACE_FOLLOW}")
_OWN_PLACE = re.compile(r"(?<![가-힣])(?P<owner>우리\s?)?(?P<anchor>학교|학원|집)\s?(?P<side>앞|정문|후문|옆|뒤)?")
_SIDE_FOLLOW = re.compile(r"$|[^가-힣]|에|에서|으로|쪽|이|엔|은|는|도")
_NEAR_FOLLOW = re.compile(r"\s?(?:근처|주변|쪽|부근|인근|근방|에서\s?(?:가까|멀|걸어|얼마|몇))")


def parse_location(text: str) -> str | None:
    """The first place named in the message, as named and tidied, or None."""
    if not isinstance(text, str) or not text:
        return None
    text = re.sub(r"\s+", " ", text.lower()[:2_000])
    found = [*_gazetteer_places(text), *_pattern_places(text)]
    return min(found, key=lambda place: (place[0], -len(place[1])))[1] if found else None


def place_area(location: str) -> str | None:
    """Demo neighbourhood (or gazetteer area) of a named place: 건대 → 건대입구, 강남 → 강남역."""
    if not isinstance(location, str):
        return None
    name = re.sub(r"\s?\d{1,2}번\s?출구.*$", "", location.strip().lower())
    gazetteer = load_place_gazetteer()
    for candidate in (name, name.removesuffix("역")):
        if candidate in gazetteer:
            return gazetteer[candidate]
    return None


@lru_cache(maxsize=1)
def load_place_gazetteer() -> dict[str, str]:
    """Gazetteer terms (lower-case) mapped to their area; read from disk once."""
    gazetteer: dict[str, str] = {}
    for line in PLACE_LEXICON_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, area, _kind = (field.strip() for field in line.split("\t"))
            gazetteer.setdefault(term.lower(), area)
    return gazetteer


@lru_cache(maxsize=1)
def _gazetteer_pattern() -> re.Pattern[str]:
    terms = sorted(load_place_gazetteer(), key=len, reverse=True)
    names = "|".join(re.escape(term).replace(r"\ ", r"\s?") for term in terms)
    return re.compile(rf"(?<![가-힣])(?P<name>(?:{names})(?:역)?)(?P<exit>{_EXIT.pattern})?{_PLACE_FOLLOW}")


def _gazetteer_places(text: str) -> list[tuple[int, str]]:
    places = []
    for match in _gazetteer_pattern().finditer(text):
        name = match.group("name")
        exit_number = _EXIT.match(match.group("exit") or "")
        places.append((match.start(), f"{name} {exit_number.group(1)}번출구" if exit_number else name))
    return places


def _pattern_places(text: str) -> list[tuple[int, str]]:
    places = [(m.start(), m.group(1)) for m in _STATION.finditer(text) if m.group(1) not in _NOT_STATIONS]
    places += [(m.start(), m.group(1)) for m in _SCHOOL.finditer(text)]
    for match in _OWN_PLACE.finditer(text):
        own_place = _own_place(text, match)
        if own_place:
            places.append((match.start(), own_place))
    return places


def _own_place(text: str, match: re.Match[str]) -> str | None:
    """학교/학원/집 said as a place: with a side (학교 앞) or followed by 근처, 에서 가까워 …"""
    owner = "우리 " if match.group("owner") else ""
    if match.group("side") and _SIDE_FOLLOW.match(text, match.end()):
        return f"{owner}{match.group('anchor')} {match.group('side')}"
    anchor_end = match.start("anchor") + len(match.group("anchor"))
    if _NEAR_FOLLOW.match(text, anchor_end):
        return f"{owner}{match.group('anchor')}"
    return None
