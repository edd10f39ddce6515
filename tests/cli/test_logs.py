"""``python -m bot logs``: turns for an operator at a terminal, as a table or JSON lines, filtered and followed."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli.logs import column_widths, parse_since
from bot.cli.table import cut, display_width, printable
from storage.config import PROJECT_ROOT
from storage.turn_log import TurnLog, write_turns
from storage.turn_queries import Watermark
from tests.cli.conftest import new_web_user, run_bot


def _turn(user, text: str, *, channel: str = "kakao", intent: str = "FOOD_REQUEST", ago: timedelta = timedelta(0),
          reply: str = "근처에 이런 곳이 있어요") -> TurnLog:
    at = datetime.now(UTC) - ago
    return TurnLog(event_id=uuid.uuid4().hex, session_id=str(uuid.uuid4()), channel=channel, platform=channel,
                   external_user_id=user.external_id, user_key=user.user_key, timestamp=at.isoformat(),
                   input_text=text, response_text=reply, intent=intent, confidence=0.87,
                   timings_ms={"total": 42.4, "nlu": 1.2})


async def _log(pg_pool, *turns: TurnLog) -> None:
    async with pg_pool.acquire() as conn:
        await write_turns(conn, list(turns))


async def test_json_lines_show_the_pseudonym_and_masked_words_never_the_platform_id(settings, pg_pool, cli_env):
    user = new_web_user(settings, "kakao-logs")
    await _log(pg_pool, _turn(user, "돈이 없는데 배고파요 제 번호 010-1234-5678", intent="EMERGENCY_FOOD",
                              reply="010-1234-5678 로 연락드릴게요"),
               _turn(user, "안녕", intent="GENERAL_CHAT", ago=timedelta(minutes=2)))
    completed = run_bot(cli_env, "logs", "--since", "15m", "--user", user.user_key, "--json")
    assert completed.returncode == 0, completed.stderr
    rows = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [r["intent"] for r in rows] == ["GENERAL_CHAT", "EMERGENCY_FOOD"]  # oldest first
    emergency = rows[1]
    assert emergency["user_key"] == user.user_key and emergency["channel"] == "kakao"
    assert emergency["message"] == "돈이 없는데 배고파요 제 번호 [PHONE]" and "[PHONE]" in emergency["reply"]
    assert emergency["confidence"] == pytest.approx(0.87) and emergency["latency_ms"] == 42
    assert user.external_id not in completed.stdout and "010-1234" not in completed.stdout


async def test_filters_by_intent_channel_and_age(settings, pg_pool, cli_env):
    user = new_web_user(settings, "kakao-filter")
    on_line = new_web_user(settings, "line-filter")
    await _log(pg_pool, _turn(user, "이틀째 굶고 있어요", intent="EMERGENCY_FOOD"),
               _turn(on_line, "배고파요 밥 사주세요", channel="line", intent="EMERGENCY_FOOD"),
               _turn(user, "치킨 먹고 싶어", intent="FOOD_REQUEST"),
               _turn(user, "어제 굶었어요", intent="EMERGENCY_FOOD", ago=timedelta(hours=3)))
    completed = run_bot(cli_env, "logs", "--since", "1h", "--intent", "EMERGENCY_FOOD", "--channel", "kakao", "--json")
    assert completed.returncode == 0, completed.stderr
    rows = [json.loads(line) for line in completed.stdout.splitlines()]
    assert rows and all(r["intent"] == "EMERGENCY_FOOD" and r["channel"] == "kakao" for r in rows)
    mine = [r["message"] for r in rows if r["user_key"] == user.user_key]
    assert mine == ["이틀째 굶고 있어요"]
    assert on_line.user_key not in completed.stdout
    older = run_bot(cli_env, "logs", "--since", "4h", "--user", user.user_key, "--json")
    assert len(older.stdout.splitlines()) == 3  # the one of 3 hours ago too


async def test_the_table_fits_the_width_in_seoul_time(settings, pg_pool, cli_env):
    user = new_web_user(settings, "line-table")
    await _log(pg_pool, _turn(user, "친구 3명이랑 나까지 넷이서 먹을 곳 " * 5, channel="line", intent="GROUP_DINING",
                              reply="단체석이 있는 곳이에요\n" * 10))
    completed = run_bot(cli_env, "logs", "--since", "10m", "--user", user.user_key, "--width", "120")
    assert completed.returncode == 0, completed.stderr
    header, row = completed.stdout.splitlines()
    assert header.split()[:4] == ["time", "ch", "user", "intent"]
    assert user.user_key in row and "GROUP_DINING" in row and "0.87" in row and "…" in row
    assert display_width(row) <= 120
    seoul = (datetime.now(UTC) + timedelta(hours=9)).strftime("%m-%d %H:")
    assert row.startswith(seoul[:9])


async def test_follow_prints_new_turns_even_late_ones_until_ctrl_c(settings, pg_pool, cli_env):
    user = new_web_user(settings, "kakao-follow")
    await _log(pg_pool, _turn(user, "첫 번째"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "logs", "--follow", "--json", "--since", "5m", "--user", user.user_key,
        env=cli_env, cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        first = json.loads(await asyncio.wait_for(process.stdout.readline(), 30))
        assert first["message"] == "첫 번째"
        await _log(pg_pool, _turn(user, "두 번째"))
        assert json.loads(await asyncio.wait_for(process.stdout.readline(), 10))["message"] == "두 번째"
        # a turn whose batch reached the database late, dated before the last one shown
        await _log(pg_pool, _turn(user, "늦게 도착", ago=timedelta(seconds=5)))
        assert json.loads(await asyncio.wait_for(process.stdout.readline(), 10))["message"] == "늦게 도착"
    finally:
        process.send_signal(signal.SIGINT)
        returncode = await asyncio.wait_for(process.wait(), 10)
    assert returncode == 0
    assert (await process.stdout.read()) == b""  # nothing printed twice


def test_durations_and_cuts():
    assert parse_since("15m") == timedelta(minutes=15) and parse_since("2d") == timedelta(days=2)
    for bad in ("", "1x", "-1h", "0m", "h"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_since(bad)
    assert cut("가나다라마", 6) == "가나…" and display_width(cut("가나다라마", 6)) <= 6
    assert cut("abc", 3) == "abc"
    assert printable("a\x1b[31mb\nc\u202e") == "a [31mb c "  # no escape sequence reaches the terminal
    widths = column_widths(80)
    assert widths[-2] >= 16 and widths[-1] >= 16


def test_watermark_shows_each_turn_once_in_order():
    from storage.turn_queries import TurnRow

    now = datetime.now(UTC)

    def row(i: int, seconds: int) -> TurnRow:
        return TurnRow(i, now + timedelta(seconds=seconds), "kakao", "ka_x", "s", "UNKNOWN", 0.5, 1, 1, "m", "r")

    mark = Watermark(at=now)
    assert [r.id for r in mark.fresh([row(2, 2), row(1, 1)])] == [1, 2]
    assert [r.id for r in mark.fresh([row(1, 1), row(2, 2), row(3, -5)])] == [3]  # late but within the overlap
    assert mark.fresh([row(3, -5)]) == []
