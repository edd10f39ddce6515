"""A small gazetteer: the three demo neighbourhoods and named places around them (pure data).

The recommender uses it to turn "건대 근처", "신림역", "강남역 11번 출구" into coordinates. Coordinates are
approximate; the schools marked fictional do not exist (or not there) and only make the demo talkable.

    >>> find_place("건대입구역 근처 5천원으로 뭐 먹지").name
    '건대입구역'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    latitude: float
    longitude: float
    district: str  # 구
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    neighbourhood: str
    latitude: float
    longitude: float
    kind: str  # station | exit | school | university | market | landmark | park | office
    aliases: tuple[str, ...] = ()


NEIGHBOURHOODS: tuple[Neighbourhood, ...] = (
    Neighbourhood("건대입구", 37.5404, 127.0692, "광진구", ("건대", "건입", "건대입구역", "건국대")),
    Neighbourhood("신림", 37.4842, 126.9297, "관악구", ("신림역", "신림동")),
    Neighbourhood("강남역", 37.4979, 127.0276, "강남구", ("강남", "역삼", "서초동")),
)

PLACES: tuple[Place, ...] = (
    # 건대입구
    Place("건대입구역", "건대입구", 37.5404, 127.0692, "station", ("건대역", "건대입구", "건입역")),
    Place("건대입구역 2번 출구", "건대입구", 37.5411, 127.0701, "exit", ("건대 2번 출구",)),
    Place("건국대학교", "건대입구", 37.5420, 127.0764, "university", ("건국대", "건대 정문", "건대")),
    Place("건대 로데오거리", "건대입구", 37.5415, 127.0674, "landmark", ("로데오거리", "건대 맛의거리")),
    Place("커먼그라운드", "건대입구", 37.5412, 127.0660, "landmark", ()),
    Place("어린이대공원", "건대입구", 37.5481, 127.0741, "park", ("어대공", "어린이대공원역")),
    Place("자양중학교", "건대입구", 37.5345, 127.0745, "school", ("자양중",)),  # approximate
    Place("화양초등학교", "건대입구", 37.5450, 127.0705, "school", ("화양초",)),  # fictional
    Place("광진청소년센터", "건대입구", 37.5372, 127.0658, "landmark", ("청소년센터",)),  # fictional spot
    # 신림
    Place("신림역", "신림", 37.4842, 126.9297, "station", ("신림", "신림역사거리")),
    Place("신림역 4번 출구", "신림", 37.4836, 126.9305, "exit", ("신림 4번 출구",)),
    Place("신림 순대타운", "신림", 37.4846, 126.9290, "market", ("순대타운", "백순대타운")),
    Place("신원시장", "신림", 37.4818, 126.9269, "market", ()),
    Place("신림중학교", "신림", 37.4878, 126.9255, "school", ("신림중",)),  # fictional
    Place("신림고등학교", "신림", 37.4800, 126.9330, "school", ("신림고",)),  # fictional
    Place("도림천", "신림", 37.4863, 126.9322, "park", ()),
    Place("서울대학교", "신림", 37.4600, 126.9520, "university", ("서울대", "설대")),
    Place("서울대입구역", "신림", 37.4812, 126.9527, "station", ("서울대입구", "설입")),
    # 강남역
    Place("강남역", "강남역", 37.4979, 127.0276, "station", ("강남",)),
    Place("강남역 11번 출구", "강남역", 37.4991, 127.0268, "exit", ("11번 출구", "강남역 11번")),
    Place("강남역 10번 출구", "강남역", 37.4985, 127.0264, "exit", ("10번 출구", "강남역 10번")),
    Place("신논현역", "강남역", 37.5045, 127.0250, "station", ("신논현",)),
    Place("역삼역", "강남역", 37.5007, 127.0365, "station", ("역삼",)),
    Place("강남 교보타워", "강남역", 37.5035, 127.0244, "landmark", ("교보타워",)),
    Place("역삼중학교", "강남역", 37.4957, 127.0381, "school", ("역삼중",)),  # fictional
    Place("서초초등학교", "강남역", 37.4941, 127.0225, "school", ("서초초",)),  # fictional
)


def neighbourhood(name: str) -> Neighbourhood:
    """The neighbourhood called ``name`` (or one of its aliases); ``KeyError`` when unknown."""
    for hood in NEIGHBOURHOODS:
        if name == hood.name or name in hood.aliases:
            return hood
    raise KeyError(name)


def find_place(text: str) -> Place | None:
    """The place whose name or alias occurs in ``text`` (spaces ignored); the longest match wins."""
    squeezed = "".join(text.split())
    best: tuple[int, Place] | None = None
    for place in PLACES:
        for label in (place.name, *place.aliases):
            label_squeezed = "".join(label.split())
            if label_squeezed and label_squeezed in squeezed and (best is None or len(label_squeezed) > best[0]):
                best = (len(label_squeezed), place)
    return best[1] if best else None
