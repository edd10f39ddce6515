"""Semantic search: the shipped model loads offline, ranks broth above coffee, follows the database, beats keywords."""

from __future__ import annotations

import socket
import uuid

import numpy as np
import pytest

from handlers.semantic.documents import MenuText, ShopText, documents_of, menu_document
from handlers.semantic.encoder import SHIPPED_MODEL_PATH, Encoder, get_encoder
from handlers.semantic.index import ShopIndex
from handlers.semantic.keywords import KeywordIndex, keyword_search
from tools.embedding.evaluate import demo_catalog, hits_at_k, load_queries

SOUPS = ("국밥", "찌개", "라면", "칼국수", "국수", "우동", "짬뽕", "해장국", "라멘", "탕", "쌀국수")
COFFEE_AND_CAKE = ("아메리카노", "카페라떼", "바닐라라떼", "조각케이크", "마카롱", "크로플")


@pytest.fixture(scope="module")
def catalog():
    return demo_catalog()


@pytest.fixture(scope="module")
def demo_index(catalog) -> ShopIndex:
    index = ShopIndex(get_encoder())
    index.build_from_rows(catalog.shops, catalog.menus)
    return index


def test_shipped_model_loads_from_the_repository_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError(f"network access while loading the model: {args!r}")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    encoder = Encoder(str(SHIPPED_MODEL_PATH))  # a fresh load, not the process-wide one
    vectors = encoder.encode_queries(["국물 있는 거", "매운거땡겨"])
    assert vectors.shape == (2, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_shipped_model_is_small_and_in_safetensors():
    files = {path.name: path.stat().st_size for path in SHIPPED_MODEL_PATH.rglob("*") if path.is_file()}
    assert "model.safetensors" in files
    assert "tokenizer.json" in files
    assert sum(files.values()) <= 15 * 1024 * 1024


def test_spacing_does_not_change_the_meaning():
    encoder = get_encoder()
    spaced, squashed = encoder.encode_queries(["국물 있는 거 먹고 싶어", "국물있는거먹고싶어"])
    assert float(spaced @ squashed) > 0.95


def test_broth_ranks_soups_above_coffee_and_cake(demo_index, catalog):
    hits = demo_index.search("국물 있는 거", k=10)
    names = [catalog.menu_names.get(hit.menu_id, "") for hit in hits if hit.menu_id is not None]
    assert any(soup in name for name in names for soup in SOUPS), names
    assert not any(name in COFFEE_AND_CAKE for name in names), names
    soup_ids = [shop.shop_id for shop in catalog.shops if any(s in shop.name for s in ("국밥", "해장국", "칼국수"))]
    cafe_ids = [shop.shop_id for shop in catalog.shops if shop.category == "카페/디저트"]
    scores = demo_index.semantic_scores("국물 있는 거", soup_ids + cafe_ids)
    assert min(scores[s] for s in soup_ids) > max(scores[c] for c in cafe_ids)


def test_candidates_and_scores_for_the_recommender(demo_index, catalog):
    candidates = demo_index.semantic_candidates("달달한 디저트", k=8)
    assert len(candidates) == len(set(candidates)) == 8
    categories = [catalog.shop_categories[shop_id] for shop_id in candidates]
    assert categories.count("카페/디저트") >= 4, categories
    scores = demo_index.semantic_scores("달달한 디저트", [*candidates[:3], 10**9])
    assert scores[10**9] == 0.0
    assert all(-1.0 <= scores[s] <= 1.0 for s in candidates[:3])
    assert scores[candidates[0]] >= scores[candidates[2]]


@pytest.mark.parametrize("lexical_weight", [0.0, ShopIndex.lexical_weight], ids=["model-alone", "as-shipped"])
def test_our_hit_at_5_is_at_least_the_keyword_baseline(demo_index, catalog, lexical_weight):
    queries = load_queries()
    assert len(queries) >= 100
    keywords = KeywordIndex()
    keywords.build_from_rows(catalog.shops, catalog.menus)
    ours = ShopIndex(demo_index.encoder, lexical_weight=lexical_weight)
    ours.build_from_rows(catalog.shops, catalog.menus)
    hits = sum(hits_at_k(ours.search, queries, catalog, k=5))
    baseline = sum(hits_at_k(lambda q, k: keyword_search(keywords, q, k), queries, catalog, k=5))
    assert hits >= baseline, (hits, baseline)


def test_documents_name_the_food_not_the_owner_message():
    shop = ShopText(1, "행복국밥", "한식")
    menu = MenuText(7, 1, "순대국밥", "진한 사골 육수 순대국밥", "메인메뉴")
    assert menu_document(menu) == "순대국밥 · 진한 사골 육수 순대국밥"
    drink, side = MenuText(8, 1, "콜라", category="음료"), MenuText(9, 1, "모듬순대", category="사이드메뉴")
    shop_docs, menu_docs = documents_of([shop], [drink, side, menu])
    assert shop_docs == ["행복국밥 · 한식 · 순대국밥 모듬순대 콜라"]  # meals first, drinks last
    assert menu_docs[:2] == ["콜라 · 음료", "모듬순대 · 사이드"]


async def _add_menu(pool, name: str) -> int:
    async with pool.acquire() as conn:
        shop_id = await conn.fetchval("SELECT min(id) FROM chatbot.shops")
        return await conn.fetchval(
            "INSERT INTO chatbot.menus (shop_id, menu_name, price, description, category) "
            "VALUES ($1, $2, 6000, '얼큰한 국물의 시험용 메뉴', '메인메뉴') RETURNING id",
            shop_id, name,
        )


async def test_index_follows_the_database(pg_pool, demo_data):
    index = ShopIndex(get_encoder())
    assert await index.refresh_if_stale(pg_pool) is True
    built = index.size
    assert built > 2000
    assert await index.refresh_if_stale(pg_pool) is False  # nothing changed: one cheap query, no rebuild
    async with pg_pool.acquire() as conn:  # the popularity job's kind of write (same value: shared demo rows)
        await conn.execute(
            "UPDATE chatbot.shops SET popularity_score = popularity_score WHERE id = (SELECT min(id) FROM shops)"
        )
    assert await index.refresh_if_stale(pg_pool) is False
    name = f"시험용얼큰짬뽕탕{uuid.uuid4().hex[:6]}"
    menu_id = await _add_menu(pg_pool, name)
    try:
        assert await index.refresh_if_stale(pg_pool) is True
        assert index.size == built + 1
        assert any(hit.menu_id == menu_id for hit in index.search(name, k=5))
    finally:
        async with pg_pool.acquire() as conn:
            await conn.execute("DELETE FROM chatbot.menus WHERE id = $1", menu_id)
    assert await index.refresh_if_stale(pg_pool) is True
    assert index.size == built
    assert all(hit.menu_id != menu_id for hit in index.search(name, k=20))


async def test_refresh_checks_at_most_every_check_every_seconds(pg_pool, demo_data):
    index = ShopIndex(get_encoder(), check_every=3600)
    assert await index.refresh_if_stale(pg_pool) is True
    menu_id = await _add_menu(pg_pool, f"시험용메뉴{uuid.uuid4().hex[:6]}")
    try:
        assert await index.refresh_if_stale(pg_pool) is False  # within check_every: not even asked
        assert await index.refresh_if_stale(pg_pool, force=True) is True
    finally:
        async with pg_pool.acquire() as conn:
            await conn.execute("DELETE FROM chatbot.menus WHERE id = $1", menu_id)
