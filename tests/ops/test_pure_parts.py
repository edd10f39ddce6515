"""The pure parts of the console: cookie signing, accounts, the sign-in brake, filters, charts and exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.ops import charts, export
from bot.ops.filters import parse_filters, query_string
from bot.ops.security import Accounts, Signer, hash_secret
from bot.ops.state import LoginLimiter
from storage.ops.conversations import TurnFilters
from storage.ops.overview import hour_buckets
from tests.ops.privacy import leaks


def test_a_session_cookie_verifies_until_it_expires_and_not_after_any_change():
    signer = Signer("token-a")
    session, cookie = signer.issue("민지", now=1000.0, ttl_s=60)
    assert signer.verify(cookie, now=1059.0) == session
    assert signer.verify(cookie, now=1061.0) is None
    assert Signer("token-b").verify(cookie, now=1001.0) is None
    body, mac = cookie.split(".")
    assert signer.verify(body + "." + mac[:-1] + ("A" if mac[-1] != "A" else "B"), now=1001.0) is None
    assert signer.verify(body[:-1] + "." + mac, now=1001.0) is None
    for junk in (None, "", "a.b.c", "x" * 2000, "%%%.%%%"):
        assert signer.verify(junk) is None


def test_csrf_tokens_belong_to_one_session():
    signer = Signer("token-a")
    token = signer.csrf_token("sid-1")
    assert signer.check_csrf("sid-1", token)
    assert not signer.check_csrf("sid-2", token)
    assert not signer.check_csrf("sid-1", None) and not signer.check_csrf("sid-1", "")


def test_shared_token_and_hashed_accounts():
    shared = Accounts.parse("s3cret-token")
    assert shared.check("민지", "s3cret-token") and not shared.check("민지", "s3cret-tokeN")
    assert not shared.check("", "s3cret-token") and not shared.check("<script>", "s3cret-token")
    minji, jun = hash_secret("pw-1", iterations=1000), hash_secret("pw-2", iterations=1000)
    accounts = Accounts.parse(f"minji={minji};jun={jun}")
    assert accounts.shared_token is None
    assert accounts.check("minji", "pw-1") and accounts.check("jun", "pw-2")
    assert not accounts.check("minji", "pw-2") and not accounts.check("nobody", "pw-1")


def test_the_sign_in_brake_counts_failures_per_address_within_its_window():
    limiter = LoginLimiter(attempts=3, window_s=10)
    for t in (1.0, 2.0, 3.0):
        limiter.failed("1.2.3.4", now=t)
    assert limiter.blocked("1.2.3.4", now=4.0) and not limiter.blocked("5.6.7.8", now=4.0)
    assert not limiter.blocked("1.2.3.4", now=12.5)
    limiter.succeeded("1.2.3.4")
    assert not limiter.blocked("1.2.3.4", now=4.0)


def test_filters_are_validated_and_times_are_read_in_seoul():
    filters, shown = parse_filters({"channel": "line", "intent": "NOPE", "below": "0.6", "user": "li_ab'c",
                                    "since": "2025-11-23T09:00", "until": "garbage", "q": " 치킨 "}, "Asia/Seoul")
    assert filters == TurnFilters(channel="line", max_confidence=0.6, text="치킨",
                                  since=datetime(2025, 11, 23, 9, tzinfo=ZoneInfo("Asia/Seoul")))
    assert shown["intent"] == "" and shown["user"] == "" and shown["until"] == ""
    assert query_string(shown) == "channel=line&below=0.6&since=2025-11-23T09%3A00&q=%EC%B9%98%ED%82%A8"
    where, params = filters.where(first_param=2)
    assert "$5" in where and "$2" in where and len(params) == 4 and params[-1] == "%치킨%"


def test_charts_are_well_formed_svg_with_escaped_labels():
    for svg in (charts.column_chart([("09", 3), ("10", 0), ("<b>", 7)], title="a&b"),
                charts.bar_list([("line", 5), ("UNKNOWN", 2)], title="t", highlight=("UNKNOWN",)),
                charts.bar_list([], title="empty"), charts.share_meter(1.7, title="s")):
        root = ET.fromstring(str(svg))
        assert root.tag.endswith("svg") and root.get("role") == "img"
    assert "&lt;b&gt;" in charts.column_chart([("<b>", 1)], title="x")
    assert "100.0%" in charts.share_meter(1.7, title="s")
    assert 'class="bar warn"' in charts.bar_list([("UNKNOWN", 2)], title="t", highlight=("UNKNOWN",))


def test_hours_without_turns_are_zero():
    now = datetime(2025, 11, 23, 14, 35)
    buckets = hour_buckets(now, 3, {datetime(2025, 11, 23, 13): 4})
    assert buckets == [(datetime(2025, 11, 23, 12), 0), (datetime(2025, 11, 23, 13), 4),
                       (datetime(2025, 11, 23, 14), 0)]


def _conversation() -> dict:
    at = datetime(2025, 11, 23, 3, 0, tzinfo=UTC)
    turn = {"id": 7, "timestamp": at, "input_text": "5천원으로 뭐 먹지", "response_text": "여기 어때요?",
            "intent": "BUDGET_INQUIRY", "confidence": 0.93, "entities": {"budget": 5000}, "processing_time_ms": 40,
            "nlu_time_ms": 5, "rag_time_ms": None, "response_time_ms": None, "feedback": 5,
            "shops": [{"rank": 1, "name": "김밥천국", "price": 4500, "score": 0.8}]}
    return {"session_id": "0b1c2d3e-4f50-4617-8899-aabbccddeeff", "channel": "line", "user_key": "li_abc",
            "session_start": at, "last_activity_at": at, "turns": [turn]}


def test_json_export_has_the_seed_shape_plus_what_the_bot_understood():
    data = json.loads(export.to_json(_conversation()))
    assert {"conversation_id", "session_id", "title", "created_at", "updated_at", "messages"} <= set(data)
    user, bot = data["messages"]
    assert (user["role"], user["content"], user["nlu"]["intent"]) == ("user", "5천원으로 뭐 먹지", "BUDGET_INQUIRY")
    assert bot["role"] == "assistant" and bot["recommendations"][0]["name"] == "김밥천국"
    assert bot["timings_ms"]["total"] == 40 and data["created_at"] == "2025-11-23T03:00:00+00:00"


def test_markdown_export_reads_as_a_conversation():
    text = export.to_markdown(_conversation())
    assert text.startswith("# line 대화 0b1c2d3e\n\n**Date**: 2025-11-23T03:00:00+00:00")
    assert "## User\n\n5천원으로 뭐 먹지" in text and "## Assistant\n\n여기 어때요?" in text
    assert "- 1. 김밥천국 — 4500원" in text and "`BUDGET_INQUIRY`" in text


def test_the_privacy_check_itself_finds_what_it_must():
    assert leaks("전화 010-2345-6789") and leaks("U" + "a" * 32) and leaks("9410-1234-5678-9012")
    assert leaks("주민 060101-3123456") and not leaks("[PHONE] [CARD] li_23e9c44a3844c9681381 · 2025-11-23 14:05")


def test_the_hash_command_prints_an_account_the_console_accepts(monkeypatch, capsys):
    import io

    from bot.ops.__main__ import main

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-operator-token\n"))
    assert main(["hash", "민지"]) == 0
    line = capsys.readouterr().out.strip()
    assert Accounts.parse(line).check("민지", "a-long-operator-token")
    assert main(["hash", "bad name!"]) == 2


def test_the_privacy_check_does_not_mistake_uuids_and_times_for_card_numbers():
    assert not leaks("/ops/conversations/453e1e26-e887-4d89-9768-8153141046d6 2026-11-23T17:11:04.355335+00:00")
    assert leaks("453e1e26-e887-4d89-9768-8153141046d6 카드 9410 1234 5678 9012")
    assert not leaks("li_d301b222338254963393")
