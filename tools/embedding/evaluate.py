"""hit@k of a search over the demo catalog against the labelled queries (tests and the benchmark share it).

A search returns ``Hit(shop_id, menu_id | None, score)`` rows. A row is relevant to a labelled query when its
menu is one of the query's menus, when its shop's category is one of the query's categories, or, for a
shop-level row (``menu_id`` None), when the shop sells one of the query's menus. A query is a hit at k when at
least one of the first k rows is relevant.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handlers.semantic.documents import MenuText, ShopText, texts_from_records
from handlers.semantic.index import Hit

QUERIES_FILE = Path(__file__).resolve().parents[2] / "tests" / "handlers" / "data" / "semantic_queries.jsonl"


@dataclass(frozen=True)
class Labelled:
    query: str
    menus: frozenset[str]
    categories: frozenset[str]


@dataclass(frozen=True)
class Catalog:
    shops: list[ShopText]
    menus: list[MenuText]
    menu_names: dict[int, str]
    shop_categories: dict[int, str]
    shop_menu_names: dict[int, frozenset[str]]


def load_queries(path: Path = QUERIES_FILE) -> list[Labelled]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Labelled(row["query"], frozenset(row["menus"]), frozenset(row["categories"])) for row in rows]


def catalog_of(shops: list[ShopText], menus: list[MenuText]) -> Catalog:
    names: dict[int, set[str]] = {}
    for menu in menus:
        names.setdefault(menu.shop_id, set()).add(menu.name)
    return Catalog(
        shops, menus, {menu.menu_id: menu.name for menu in menus}, {shop.shop_id: shop.category for shop in shops},
        {shop_id: frozenset(found) for shop_id, found in names.items()},
    )


def demo_catalog(seed: int | None = None) -> Catalog:
    from storage.demo.generate import DEFAULT_SEED, build_demo_dataset

    return catalog_of(*texts_from_records(build_demo_dataset(seed or DEFAULT_SEED).shops))


def is_relevant(hit: Hit, labelled: Labelled, catalog: Catalog) -> bool:
    if catalog.shop_categories.get(hit.shop_id) in labelled.categories:
        return True
    if hit.menu_id is not None:
        return catalog.menu_names.get(hit.menu_id) in labelled.menus
    return bool(catalog.shop_menu_names.get(hit.shop_id, frozenset()) & labelled.menus)


def hits_at_k(
    search: Callable[[str, int], Sequence[Hit]], queries: Sequence[Labelled], catalog: Catalog, k: int = 5
) -> list[bool]:
    """For each query, whether one of the first ``k`` rows of ``search(query, k)`` is relevant."""
    return [any(is_relevant(hit, q, catalog) for hit in search(q.query, k)[:k]) for q in queries]
