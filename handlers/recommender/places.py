"""Where to search around (pure): the place named in this message, else the user's shared position, else the
profile's preferred place; each with the radii to widen through when too few shops remain.

A place named in the message wins over a shared position kept in the session: "강남역 근처" from someone whose
phone shared 건대입구 an hour ago asks about 강남역. Named places come from the demo gazetteer
(``storage.demo.places``): neighbourhoods, stations, exits, schools.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storage.demo.places import NEIGHBOURHOODS, find_place
from storage.geo import GeoPoint

SHARED_RADII = (700, 1200, 2000)  # a shared position is precise: from ~10 to ~30 minutes' walk
PLACE_RADII = (1000, 1600, 2500)  # a named place is a neighbourhood, not a doorstep
# Further only when asked ("더 넓게 찾아줘"): a child does not walk an hour for lunch, and the widest radius
# bounds how far SQL walks when almost nothing matches.


@dataclass(frozen=True)
class Anchor:
    """The centre of the search; ``point`` None means "anywhere" (no radius)."""

    point: GeoPoint | None
    label: str | None
    source: str  # named | shared | profile | none
    radii: tuple[int, ...] = ()

    def widened(self, steps: int) -> Anchor:
        """The same centre, starting ``steps`` radii further out ("더 넓게 찾아줘")."""
        if not self.radii or steps <= 0:
            return self
        start = min(steps, len(self.radii) - 1)
        extra = tuple(self.radii[-1] * (2 ** i) for i in range(1, steps - start + 1))
        return Anchor(self.point, self.label, self.source, self.radii[start:] + extra)


def named_point(name: str | None) -> tuple[GeoPoint, str] | None:
    """Coordinates of a named place: a neighbourhood said as such ("건대", "신림동") is its centre; else the
    longest gazetteer name in the text ("신림역 4번 출구", "강남역"); None when unknown."""
    if not name or not name.strip():
        return None
    squeezed = "".join(name.split())
    for hood in NEIGHBOURHOODS:
        if squeezed in {hood.name, *hood.aliases}:
            return GeoPoint(hood.latitude, hood.longitude), hood.name
    place = find_place(name)
    if place is not None:
        return GeoPoint(place.latitude, place.longitude), place.name
    return None


def resolve_anchor(
    named: str | None, text: str, shared: GeoPoint | None, preferred: Iterable[str] = ()
) -> Anchor:
    """The place named (entity ``location``, or a gazetteer name in the text), else the shared position, else
    the first preferred place of the profile that the gazetteer knows, else nowhere in particular."""
    found = named_point(named) or named_point(text)
    if found is not None:
        return Anchor(found[0], found[1], "named", PLACE_RADII)
    if shared is not None:
        return Anchor(shared, None, "shared", SHARED_RADII)
    for name in preferred:
        found = named_point(name)
        if found is not None:
            return Anchor(found[0], found[1], "profile", PLACE_RADII)
    return Anchor(None, None, "none")
