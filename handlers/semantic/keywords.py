"""The keyword baseline the semantic index is measured against: plain matching of the query's words.

A query word matches a document that contains it, spaces ignored, or its first two syllables (lexical.py);
filler words (거, 먹고, 싶어, 추천 …) are dropped. A document scores the summed length of the words it matches;
ties keep the document order. It is what a LIKE-based search would do, with a little stemming, over the same
documents as the semantic index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from handlers.semantic.documents import MenuText, ShopText, documents_of
from handlers.semantic.index import NO_MENU, Hit
from handlers.semantic.lexical import match_length, query_terms, squash


@dataclass
class KeywordIndex:
    """``search(query, k)`` over the shop and menu documents of ``build_from_rows``."""

    _documents: list[str] = field(default_factory=list)
    _keys: list[tuple[int, int]] = field(default_factory=list)

    def build_from_rows(self, shops: Sequence[ShopText], menus: Sequence[MenuText]) -> None:
        shop_docs, menu_docs = documents_of(shops, menus)
        self._documents = [squash(doc) for doc in menu_docs + shop_docs]
        self._keys = [(menu.shop_id, menu.menu_id) for menu in menus] + [(shop.shop_id, NO_MENU) for shop in shops]

    def search(self, query: str, k: int = 10) -> list[Hit]:
        terms = query_terms(query) or query.split()
        scored = []
        for position, document in enumerate(self._documents):
            score = sum(match_length(term, document) for term in terms)
            if score:
                scored.append((-score, position))
        scored.sort()
        hits = []
        for negative, position in scored[:k]:
            shop_id, menu_id = self._keys[position]
            hits.append(Hit(shop_id, None if menu_id == NO_MENU else menu_id, float(-negative)))
        return hits


def keyword_search(index: KeywordIndex, query: str, k: int = 10) -> list[Hit]:
    """The baseline's ``k`` best rows for ``query`` (see the module notes)."""
    return index.search(query, k)
