"""The review queue and the data behind the console, against the real PostgreSQL."""

from __future__ import annotations

from storage import review
from storage.ops import audit
from storage.ops.conversations import TurnFilters, conversation, recent_turns, turns_after
from tests.ops.turns import log_turns, make_turn


async def _row_id(conn, event_id: str) -> int:
    return await conn.fetchval("SELECT id FROM chatbot.nlu_training_data WHERE event_id = $1", event_id)


async def test_unsure_turn_is_pending_and_a_correction_becomes_a_training_example(pg_pool):
    (turn,) = await log_turns(pg_pool, make_turn("ㅁㄴㅇㄹ 밥밥 검토용", intent="UNKNOWN", confidence=0.2, entities={}))
    async with pg_pool.acquire() as conn:
        row_id = await _row_id(conn, turn.event_id)
        assert row_id in [r["id"] for r in await review.pending(conn, limit=500)]
        decided = await review.apply_review(conn, row_id, "correct", "민지", intent="FOOD_REQUEST",
                                            entities={"food_type": "밥"})
        assert decided["status"] == "corrected"
        row = await conn.fetchrow("SELECT * FROM chatbot.nlu_training_data WHERE id = $1", row_id)
        examples = await review.reviewed_examples(conn)
        still_pending = [r["id"] for r in await review.pending(conn, limit=500)]
    assert row_id not in still_pending
    assert (row["review_status"], row["true_intent"], row["reviewed_by"]) == ("corrected", "FOOD_REQUEST", "민지")
    assert row["reviewed_at"] is not None
    assert {"text": "ㅁㄴㅇㄹ 밥밥 검토용", "intent": "FOOD_REQUEST", "entities": {"food_type": "밥"}} in examples


async def test_confirm_keeps_the_prediction_and_discard_leaves_the_training_set(pg_pool):
    kept, dropped = await log_turns(pg_pool, make_turn("만원 이하 뭐있냐 확인용", confidence=0.5),
                                    make_turn("쓸모없는 문장 제외용", intent="UNKNOWN", confidence=0.1))
    async with pg_pool.acquire() as conn:
        assert (await review.apply_review(conn, await _row_id(conn, kept.event_id), "confirm", "민지"))["status"] \
            == "confirmed"
        assert (await review.apply_review(conn, await _row_id(conn, dropped.event_id), "discard", "민지"))["status"] \
            == "discarded"
        texts = [e["text"] for e in await review.reviewed_examples(conn)]
    assert "만원 이하 뭐있냐 확인용" in texts and "쓸모없는 문장 제외용" not in texts
    assert review.to_jsonl([{"text": "가", "intent": "UNKNOWN", "entities": {}}]) == \
        '{"text": "가", "intent": "UNKNOWN", "entities": {}}\n'


async def test_thumbs_down_turn_joins_the_queue_once(pg_pool):
    (turn,) = await log_turns(pg_pool, make_turn("치킨 먹고 싶어 피드백용", intent="FOOD_REQUEST", confidence=0.95,
                                                 shops=True))
    async with pg_pool.acquire() as conn:
        await conn.execute("UPDATE chatbot.recommendations_log SET feedback_rating = 1 WHERE event_id = $1",
                           turn.event_id)
        assert await review.collect_thumbs_down(conn) >= 1
        assert await review.collect_thumbs_down(conn) == 0
        pending = [r for r in await review.pending(conn, limit=500) if r["input_text"] == "치킨 먹고 싶어 피드백용"]
        assert [r["collection_reason"] for r in pending] == ["user_feedback"]
        decided = await review.apply_review(conn, pending[0]["id"], "correct", "민지", intent="BUDGET_INQUIRY")
        curated = await conn.fetchrow(
            "SELECT true_intent, label_source FROM ml_training.nlu_training_data t "
            "JOIN chatbot.conversations c ON c.id = t.conversation_id WHERE c.event_id = $1", turn.event_id)
    assert decided["status"] == "corrected"
    assert (curated["true_intent"], curated["label_source"]) == ("BUDGET_INQUIRY", "corrected")


async def test_filters_narrow_the_list_and_the_tail_sees_only_new_turns(pg_pool):
    await log_turns(pg_pool, make_turn("필터 테스트 카카오", channel="kakao", minutes_ago=90),
                    make_turn("필터 테스트 라인", channel="line", confidence=0.3))
    async with pg_pool.acquire() as conn:
        assert [t["input_text"] for t in await recent_turns(conn, TurnFilters(text="필터 테스트"))][:2] == \
            ["필터 테스트 라인", "필터 테스트 카카오"]
        assert [t["input_text"] for t in await recent_turns(conn, TurnFilters(text="필터 테스트", channel="kakao"))] \
            == ["필터 테스트 카카오"]
        assert [t["input_text"] for t in await recent_turns(conn, TurnFilters(text="필터_테스트%"))] == []
        low = await recent_turns(conn, TurnFilters(text="필터 테스트", max_confidence=0.5))
        assert [t["input_text"] for t in low] == ["필터 테스트 라인"]
        ids = sorted(t["id"] for t in await recent_turns(conn, TurnFilters(text="필터 테스트")))
        assert await turns_after(conn, TurnFilters(text="필터 테스트"), ids[-1]) == []
        tail = await turns_after(conn, TurnFilters(text="필터 테스트"), ids[0] - 1)
        assert [t["id"] for t in tail] == ids  # oldest id first
        assert [t["id"] for t in await turns_after(conn, TurnFilters(text="필터 테스트", channel="line"),
                                                   ids[0] - 1)] == [low[0]["id"]]


async def test_timeline_has_nlu_shops_timings_and_no_raw_ids(pg_pool):
    session = "0b1c2d3e-4f50-4617-8899-aabbccddeeff"
    first, _ = await log_turns(
        pg_pool, make_turn("5천원으로 뭐 먹지 010-1234-5678", session_id=session, shops=True, minutes_ago=1),
        make_turn("고마워", session_id=session, intent="GENERAL_CHAT"))
    async with pg_pool.acquire() as conn:
        conv = await conversation(conn, session)
        assert await conversation(conn, "not-a-uuid") is None
    assert [t["intent"] for t in conv["turns"]] == ["BUDGET_INQUIRY", "GENERAL_CHAT"]
    assert conv["turns"][0]["shops"][0]["name"] == "테스트분식"
    assert conv["turns"][0]["processing_time_ms"] == 42
    assert "[PHONE]" in conv["turns"][0]["input_text"]
    assert first.external_user_id not in repr(conv) and "010-1234-5678" not in repr(conv)


async def test_audit_details_are_masked(pg_pool):
    async with pg_pool.acquire() as conn:
        entry = await audit.record(conn, "민지", "job.retry", "x", {"note": "U" + "0" * 32 + " 010-2345-6789"})
        details = await conn.fetchval("SELECT details FROM ops.audit_log WHERE id = $1", entry)
    assert details == {"note": "[LINE_ID] [PHONE]"}
