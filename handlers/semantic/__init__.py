"""Semantic search over shop and menu documents: "매운 거", "국물 있는 거", "가볍게", "든든한 거".

One candidate source and one score feature for the recommender. The model is the small Korean static embedding
shipped in ``handlers/semantic/model/`` (``EMBEDDING_MODEL`` may name another sentence-transformers model); it is
read from disk only, never downloaded. Rebuild it with tools/embedding/ (see build_model.py).

How the recommender (handlers/recommend*) uses it
-------------------------------------------------

Create one ``ShopIndex`` per process at start and pass it in (e.g. a field of ``HandlerDeps``), never at import::

    from handlers.semantic import ShopIndex, get_encoder

    index = ShopIndex(get_encoder(settings.embedding_model), check_every=2.0)
    await index.refresh_if_stale(pool)            # at start (builds), then before using it in a turn

Per turn, with the user's words (the NLU's ``food_type`` or the utterance itself):

- ``index.semantic_candidates(query, k) -> list[shop_id]``: the k shops whose best document (shop or menu)
  matches best, best first. A candidate source: merge these ids into ``CandidateQuery.shop_ids`` or run the SQL
  filters over them; the hard limits (budget, open now, meal card, distance) still come from SQL.
- ``index.semantic_scores(query, candidate_shop_ids) -> dict[shop_id, float]``: each candidate's best document
  score: the cosine with the query (in practice about -0.1…0.6) plus the lexical bonus (up to ``lexical_weight``, 0.2,
  when the document contains the query's words); 0.0 for a shop the index does not know. A score feature:
  blend it with distance and popularity (e.g. ``0.5 * semantic + …``), or reorder by it.
- ``index.search(query, k) -> list[Hit(shop_id, menu_id | None, score)]`` when the menu that matched matters
  (show "국물 있는 거 → 순대국밥" on the card).

All three are synchronous: about 0.7 ms for the demo data with the shipped model, 1.5 ms at 100,000 menus
(bench/README.md): call them inline. ``refresh_if_stale`` costs one query (none within ``check_every`` seconds of
the last) and rebuilds in a thread when shops or menus changed; searches meanwhile use the previous index.
"""

from handlers.semantic.encoder import get_encoder
from handlers.semantic.index import Hit, ShopIndex
from handlers.semantic.keywords import KeywordIndex, keyword_search

__all__ = ["Hit", "KeywordIndex", "ShopIndex", "get_encoder", "keyword_search"]
