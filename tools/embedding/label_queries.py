"""Write the labelled queries of the semantic search (tests/handlers/data/semantic_queries.jsonl) by rule.

Each rule below lists, by hand, which menus of the demo catalog answer a wish ("국물 있는 거" → every menu that
comes in a broth). A query names one or more rules and optionally shop categories; its line in the JSONL file
spells the relevant menu names out, so a reviewer reads the labels without running anything::

    .venv/bin/python -m tools.embedding.label_queries          # rewrites the JSONL file

A hit of the search is relevant when its menu is listed, when its shop's category is listed, or (a shop-level
hit) when the shop sells a listed menu. The rules never feed the model: build_corpus.py leaves these exact
queries out of its training text, so the benchmark measures queries the model has not seen.
"""

from __future__ import annotations

import json
from pathlib import Path

from tools.embedding.query_list import QUERIES
from tools.embedding.query_rules import RULES

OUTPUT = Path(__file__).resolve().parents[2] / "tests" / "handlers" / "data" / "semantic_queries.jsonl"


def catalog_menu_names() -> set[str]:
    from storage.demo.generate import build_demo_dataset

    return {menu.menu_name for shop in build_demo_dataset().shops for menu in shop.menus}


def labelled_queries() -> list[dict[str, object]]:
    """One dict per query: the text, its rules, the relevant menu names (sorted) and shop categories."""
    known = catalog_menu_names()
    unknown = sorted({name for names in RULES.values() for name in names} - known)
    if unknown:
        raise ValueError(f"rules name menus that the demo catalog does not sell: {unknown}")
    lines = []
    for text, rules, categories in QUERIES:
        menus = sorted({name for rule in rules for name in RULES[rule]})
        lines.append({"query": text, "rules": list(rules), "menus": menus, "categories": list(categories)})
    return lines


def main() -> None:
    lines = labelled_queries()
    texts = [line["query"] for line in lines]
    if len(set(texts)) != len(texts):
        raise ValueError("a query is listed twice")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} queries -> {OUTPUT}")


if __name__ == "__main__":
    main()
