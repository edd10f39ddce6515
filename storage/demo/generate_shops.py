"""Building one demo shop from a catalog ``ShopKind``: name, place, hours, flags, seats and menus.

Every function takes the ``random.Random`` it draws from; the same seed gives the same shops.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from storage.business_hours import CLOSED, DayHours, WeekHours, format_hhmm, parse_hhmm
from storage.demo.catalog import FOOD_CARD_WEIGHTS, GOOD_INFLUENCE_PROB, HoursProfile, MenuSpec, ShopKind
from storage.demo.catalog_names import BRANCHES, FRANCHISE_BRANDS, OWNER_MESSAGES, STREETS, WORDS
from storage.demo.places import Neighbourhood
from storage.shop_rows import FOOD_CARD_VALUES, MenuRecord, ShopRecord

RADIUS_M = 1150.0  # shops lie within ~1.2 km of the neighbourhood centre
METRES_PER_DEGREE_LAT = 111_320.0
JIBUN_RANGES = {
    "화양동": (1, 500),
    "자양동": (1, 800),
    "구의동": (1, 250),
    "신림동": (1400, 1740),
    "봉천동": (1500, 1720),
    "역삼동": (800, 840),
    "서초동": (1300, 1330),
}


@dataclass
class NameBook:
    """Names and addresses already used in this run (keeps ``(shop_name, address_name)`` unique)."""

    names: set[tuple[str, str]] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)
    phones: int = 0


def scatter(rng: random.Random, hood: Neighbourhood) -> tuple[float, float]:
    """A point uniformly inside a disc of RADIUS_M around the centre, rounded to 7 decimals (~1 cm)."""
    distance = RADIUS_M * math.sqrt(rng.random())
    angle = rng.uniform(0.0, 2.0 * math.pi)
    dlat = distance * math.cos(angle) / METRES_PER_DEGREE_LAT
    dlon = distance * math.sin(angle) / (METRES_PER_DEGREE_LAT * math.cos(math.radians(hood.latitude)))
    return round(hood.latitude + dlat, 7), round(hood.longitude + dlon, 7)


def _street_side(hood: Neighbourhood, lat: float, lon: float) -> str:
    sides = STREETS[hood.name]
    if "west" in sides and lon < hood.longitude:
        return "west"
    if "east" in sides and lon > hood.longitude + 0.006:
        return "east"
    return "north" if lat >= hood.latitude else "south"


def make_address(rng: random.Random, hood: Neighbourhood, lat: float, lon: float, book: NameBook) -> tuple[str, str]:
    """(지번 주소, 도로명 주소) on the right side of the neighbourhood; the 지번 address is unique in the run."""
    prefix, roads = STREETS[hood.name][_street_side(hood, lat, lon)]
    low, high = JIBUN_RANGES[prefix.rsplit(" ", 1)[1]]
    while True:
        jibun = f"{prefix} {rng.randint(low, high)}-{rng.randint(1, 60)}"
        if jibun not in book.addresses:
            book.addresses.add(jibun)
            break
    road = rng.choice(roads)
    if rng.random() < 0.5:
        road = f"{road}{rng.randint(1, 40)}길"
    district = prefix.rsplit(" ", 1)[0]
    return jibun, f"{district} {road} {rng.randint(1, 180)}"


def make_name(rng: random.Random, kind: ShopKind, hood: Neighbourhood, book: NameBook) -> str:
    """A made-up shop name from the kind's patterns, unique within the neighbourhood."""
    for _ in range(30):
        pattern = rng.choice(kind.names)
        name = pattern.format(
            w=rng.choice(WORDS.get(kind.words, WORDS["korean"])),
            b=rng.choice(FRANCHISE_BRANDS.get(kind.words, ("나비",))),
            br=rng.choice(BRANCHES[hood.name]),
        )
        if (hood.name, name) not in book.names:
            book.names.add((hood.name, name))
            return name
    suffix = 2
    while (hood.name, f"{name} {suffix}호점") in book.names:
        suffix += 1
    book.names.add((hood.name, f"{name} {suffix}호점"))
    return f"{name} {suffix}호점"


def _later(hhmm: str, minutes: int) -> str:
    return format_hhmm(min(parse_hhmm(hhmm, allow_24=True) + minutes, 24 * 60))


def make_hours(rng: random.Random, kind: ShopKind) -> WeekHours:
    """A week from one of the kind's profiles, with small per-shop variations (opens 30 min later, stays
    open an hour longer on Friday/Saturday, keeps or skips the break at weekends)."""
    profile: HoursProfile = rng.choices(kind.hours, weights=[p.weight for p in kind.hours])[0]
    closed = set(rng.choice(profile.closed_days))
    always_open = profile.open == "00:00" and profile.close == "24:00"
    opens = profile.open if always_open or rng.random() < 0.7 else _later(profile.open, 30)
    overnight = parse_hhmm(profile.close, allow_24=True) <= parse_hhmm(profile.open)
    late_weekend = not overnight and not always_open and profile.close <= "22:00" and rng.random() < 0.3
    weekend_break = rng.random() < 0.4
    days: list[DayHours] = []
    for index in range(7):
        if index in closed:
            days.append(CLOSED)
            continue
        day_open, day_close = profile.weekend if (index >= 5 and profile.weekend) else (opens, profile.close)
        if late_weekend and index in (4, 5):
            day_close = _later(day_close, 60)
        brk = profile.brk if profile.brk and (index < 5 or weekend_break) else None
        days.append(DayHours(day_open, day_close, *(brk or (None, None))))
    holiday = CLOSED if rng.random() < profile.holiday_closed else None
    return WeekHours(tuple(days), holiday)


def _price(rng: random.Random, spec: MenuSpec, bias: int) -> int:
    steps = (spec.hi - spec.lo) // spec.step
    draws = [rng.randint(0, steps) for _ in range(1 + abs(bias))]
    pick = max(draws) if bias > 0 else min(draws)
    return spec.lo + pick * spec.step


def make_menus(rng: random.Random, kind: ShopKind, price_bias: int) -> tuple[MenuRecord, ...]:
    """The core menus of the kind plus a random selection of the others, in catalog order."""
    core = [spec for spec in kind.menus if spec.core]
    others = [spec for spec in kind.menus if not spec.core]
    count = min(rng.randint(*kind.menu_count), len(kind.menus))
    chosen = set(core) | set(rng.sample(others, max(0, count - len(core))))
    menus = []
    for spec in kind.menus:
        if spec not in chosen:
            continue
        popular = (spec.core and rng.random() < 0.7) or rng.random() < 0.08 or spec is core[0]
        menus.append(
            MenuRecord(
                menu_name=spec.name,
                price=_price(rng, spec, price_bias),
                category=spec.category,
                description=spec.description,
                options=spec.options,
                is_popular=popular,
                dietary_info=spec.dietary_info,
                is_available=rng.random() >= 0.02,
            )
        )
    return tuple(menus)


def _owner_message(rng: random.Random, good: bool, food_card: str) -> str | None:
    if good:
        return rng.choice(OWNER_MESSAGES["good_influence"])
    pool = OWNER_MESSAGES["food_card"] if food_card == "Y" and rng.random() < 0.4 else OWNER_MESSAGES["default"]
    return rng.choice(pool) or None


def make_shop(rng: random.Random, kind: ShopKind, hood: Neighbourhood, price_bias: int, book: NameBook) -> ShopRecord:
    name = make_name(rng, kind, hood, book)
    lat, lon = scatter(rng, hood)
    jibun, road = make_address(rng, hood, lat, lon, book)
    food_card = rng.choices(FOOD_CARD_VALUES, weights=FOOD_CARD_WEIGHTS[kind.category])[0]
    good = rng.random() < GOOD_INFLUENCE_PROB[kind.category]
    food_card = "Y" if good else food_card  # 선한영향력가게 serve card holders by definition
    seats = rng.randint(*kind.seats)
    book.phones += 1
    return ShopRecord(
        shop_name=name,
        category=kind.category,
        address_name=jibun,
        road_address_name=road,
        latitude=lat,
        longitude=lon,
        is_food_card_shop=food_card,
        is_good_influence_shop=good,
        business_hours=make_hours(rng, kind),
        phone=f"02-0000-{book.phones:04d}",
        owner_message=_owner_message(rng, good, food_card),
        neighbourhood=hood.name,
        seat_count=seats,
        accepts_group_reservation=seats >= 30 and rng.random() < kind.group_prob,
        has_private_room=seats >= 40 and rng.random() < kind.room_prob,
        popularity_score=round(rng.betavariate(2.0, 2.5), 3),
        quality_score=round(rng.betavariate(3.0, 2.0), 3),
        menus=make_menus(rng, kind, price_bias),
    )
