"""The vocabulary the demo catalog is written in: menu specs, shop kinds, hours profiles, option templates.

Prices are 2026 Seoul prices in won; ``lo``–``hi`` is the range a shop's price is drawn from in ``step`` steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.shop_rows import OptionChoice, OptionGroup


@dataclass(frozen=True)
class MenuSpec:
    name: str
    lo: int
    hi: int
    category: str = "메인메뉴"
    options: tuple[OptionGroup, ...] = ()
    dietary_info: str | None = None
    core: bool = False  # every shop of the kind sells it
    description: str | None = None
    step: int = 500


@dataclass(frozen=True)
class HoursProfile:
    """A weekly pattern: ``close`` before ``open`` closes after midnight; ``closed_days`` options are weekday
    index tuples (0=Mon) one of which a shop gets; ``weekend`` replaces Sat/Sun hours when given."""

    open: str
    close: str
    brk: tuple[str, str] | None = None
    closed_days: tuple[tuple[int, ...], ...] = ((),)
    weekend: tuple[str, str] | None = None
    holiday_closed: float = 0.3
    weight: int = 1


@dataclass(frozen=True)
class ShopKind:
    category: str
    kind: str
    names: tuple[str, ...]  # patterns: {w} a name word, {b} a branch name (…점)
    menus: tuple[MenuSpec, ...]
    hours: tuple[HoursProfile, ...]
    menu_count: tuple[int, int] = (6, 9)
    seats: tuple[int, int] = (12, 40)
    group_prob: float = 0.3  # of shops with ≥ 30 seats
    room_prob: float = 0.0  # of shops with ≥ 40 seats
    weight: int = 1
    words: str = "korean"  # which name-word list (catalog_names.WORDS)


def m(
    name: str,
    lo: int,
    hi: int | None = None,
    cat: str = "메인메뉴",
    opts: tuple[OptionGroup, ...] = (),
    diet: str | None = None,
    core: bool = False,
    desc: str | None = None,
    step: int = 500,
) -> MenuSpec:
    return MenuSpec(name, lo, hi if hi is not None else lo, cat, opts, diet, core, desc, step)


def group(key: str, *choices: tuple[str, int]) -> OptionGroup:
    return OptionGroup(key, tuple(OptionChoice(name, price) for name, price in choices))


# ---- option templates -------------------------------------------------------------------------------------
SIZE_GOP = group("size", ("보통", 0), ("곱빼기", 1000))
SIZE_GOP2 = group("size", ("보통", 0), ("곱빼기", 2000))
SIZE_TEUK = group("size", ("보통", 0), ("특", 2000))
MILD3 = group("spicy", ("덜 맵게", 0), ("보통", 0), ("맵게", 0))
HOT3 = group("spicy", ("덜 맵게", 0), ("보통", 0), ("아주 맵게", 0))
RAMEN = (MILD3, group("extras", ("계란추가", 500), ("치즈추가", 1000), ("떡추가", 500)))
TTEOK = (
    group("spicy", ("덜 맵게", 0), ("보통", 0), ("매운맛", 0)),
    group("extras", ("치즈추가", 1000), ("계란추가", 500), ("어묵추가", 1000), ("라면사리", 1000)),
)
RICE = (group("extras", ("공기밥추가", 1000)),)
STEW = (MILD3, group("extras", ("공기밥추가", 1000), ("라면사리", 1000)))
GUKBAP = (
    SIZE_TEUK,
    group("spicy", ("다대기 빼고", 0), ("보통", 0), ("얼큰하게", 0)),
    group("extras", ("공기밥추가", 1000), ("고기추가", 3000)),
)
NOODLE = (SIZE_GOP,)
JJAMPPONG = (SIZE_GOP, HOT3)
NAENGMYEON = (SIZE_GOP2, group("extras", ("사리추가", 3000)))
TANGSU = (group("size", ("소", 0), ("중", 6000), ("대", 12000)),)
CHICKEN = (
    group("style", ("뼈", 0), ("순살", 2000)),
    group("extras", ("치킨무 추가", 500), ("양념소스 추가", 500)),
)
HALF_CHICKEN = (group("style", ("뼈", 0), ("순살", 1000)),)
PIZZA = (group("size", ("M", 0), ("L", 5000)), group("extras", ("치즈크러스트", 3000), ("치즈추가", 2000)))
BURGER = (group("extras", ("치즈추가", 500), ("베이컨추가", 1000), ("패티추가", 2000)),)
BURGER_SET = (group("size", ("보통", 0), ("라지세트", 800)),)
COFFEE = (
    group("temperature", ("HOT", 0), ("ICE", 500)),
    group("size", ("레귤러", 0), ("라지", 500)),
    group("extras", ("샷추가", 500), ("시럽추가", 300)),
)
TEA = (group("temperature", ("HOT", 0), ("ICE", 0)),)
CURRY = (
    group("spicy", ("순한맛", 0), ("보통", 0), ("매운맛", 0), ("아주 매운맛", 0)),
    group("extras", ("치즈토핑", 1500), ("계란후라이", 1000), ("돈까스토핑", 3000)),
)
MALA = (
    group("spicy", ("0단계(안 매운맛)", 0), ("1단계", 0), ("2단계", 0), ("3단계", 0)),
    group("extras", ("당면추가", 1000), ("고기추가", 3000), ("공기밥", 1000)),
)
KATSU = (group("extras", ("밥추가", 1000), ("치즈추가", 1500), ("소스추가", 500)),)
JP_RAMEN = (group("extras", ("면추가", 1500), ("차슈추가", 2500), ("반숙계란", 1500)),)
DOSIRAK = (group("size", ("보통", 0), ("밥 곱빼기", 500)), group("extras", ("계란후라이", 1000)))
PORRIDGE = (SIZE_TEUK,)
PASTA = (group("extras", ("면 곱빼기", 2000), ("치즈추가", 2000), ("새우추가", 3000)),)
SALAD = (group("extras", ("닭가슴살추가", 2500), ("드레싱추가", 500)),)
TOAST = (group("extras", ("치즈추가", 500), ("계란추가", 500), ("햄추가", 1000)),)
RICE_BOWL = (SIZE_GOP, group("extras", ("계란후라이", 1000)))
PHO = (SIZE_GOP2, group("extras", ("고기추가", 3000), ("고수 빼고", 0)))

# ---- hours profiles -----------------------------------------------------------------------------------
SUN, MON = (6,), (0,)
NO_DAY_OFF = ((),)
