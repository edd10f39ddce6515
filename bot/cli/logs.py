"""``python -m bot logs``: the conversation log in a terminal, for an operator on a server without a browser.

    python -m bot logs [--since 1h] [--intent X] [--channel kakao|line|web] [--user USER_KEY] [--limit N]
                       [--follow] [--json] [--width N]

A table (time in ``TZ_NAME``, channel, user key, intent, confidence, latency, the masked message and the reply cut
to the terminal's width) or, with ``--json``, one JSON object per line. The platform's raw user id is never shown.
``--follow`` keeps polling for new turns every second until Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import asyncpg

from bot.cli.table import line, printable
from nlu.types import Intent
from storage.config import load_settings
from storage.db import create_pool
from storage.errors import StorageError
from storage.turn_queries import TurnFilter, TurnRow, Watermark, latest_turns, turns_since

POLL_S = 1.0
CHANNELS = ("kakao", "line", "web")
_SINCE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
HEADER = ("time", "ch", "user", "intent", "conf", "ms", "message", "reply")
FIXED_WIDTHS = (14, 5, 23, 16, 4, 6)
MIN_TEXT = 16
RIGHT_ALIGNED = frozenset({4, 5})


def parse_since(text: str) -> timedelta:
    """``30s``, ``15m``, ``1h``, ``2d``, ``1w`` as a duration."""
    match = _SINCE.match(text or "")
    if not match or int(match[1]) <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration such as 15m, 1h or 2d, got {text!r}")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def add_parser(commands) -> None:
    parser = commands.add_parser("logs", help="conversation turns for operators", description=__doc__.split("\n")[0])
    parser.add_argument("--since", type=parse_since, default=timedelta(hours=1), help="15m, 1h, 2d (default 1h)")
    parser.add_argument("--intent", type=str.upper, choices=[i.value for i in Intent], metavar="INTENT")
    parser.add_argument("--channel", type=str.lower, choices=CHANNELS)
    parser.add_argument("--user", dest="user_key", metavar="USER_KEY", help="one user's turns (pseudonymous key)")
    parser.add_argument("--limit", type=int, default=1000, help="at most this many past turns (default 1000)")
    parser.add_argument("--follow", "-f", action="store_true", help="keep printing new turns until Ctrl-C")
    parser.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    parser.add_argument("--width", type=int, help="table width (default: the terminal's)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.database_url:
        print("DATABASE_URL must be set.", file=sys.stderr)
        return 2
    printer = json_printer() if args.json else table_printer(ZoneInfo(settings.tz_name), args.width)
    try:
        asyncio.run(show_turns(settings.database_url, args, printer))
    except KeyboardInterrupt:
        pass
    except (StorageError, OSError, asyncpg.PostgresError) as exc:
        print(f"error: the database did not answer ({type(exc).__name__})", file=sys.stderr)
        return 1
    return 0


async def show_turns(database_url: str, args: argparse.Namespace, printer: Callable[[TurnRow], None]) -> None:
    flt = TurnFilter(args.intent, args.channel, args.user_key)
    floor = datetime.now(UTC) - args.since
    pool = await create_pool(database_url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            rows, truncated = await latest_turns(conn, floor, flt, max(1, args.limit))
        if truncated:
            print(f"(older turns left out: showing the last {args.limit}; use --limit)", file=sys.stderr)
        watermark = Watermark(at=max([r.at for r in rows], default=floor))
        for row in watermark.fresh(rows):
            printer(row)
        if args.follow:
            await follow(pool, flt, floor, watermark, printer)
    finally:
        await pool.close()


async def follow(pool: asyncpg.Pool, flt: TurnFilter, floor: datetime, watermark: Watermark,
                 printer: Callable[[TurnRow], None], poll_s: float = POLL_S) -> None:
    """Print new turns as they reach the database, forever (until cancelled)."""
    while True:
        await asyncio.sleep(poll_s)
        try:
            async with pool.acquire(timeout=5) as conn:
                rows = await turns_since(conn, max(floor, watermark.read_from), flt)
        except (StorageError, OSError, TimeoutError, asyncpg.PostgresError) as exc:
            print(f"(database unavailable: {type(exc).__name__}; retrying)", file=sys.stderr, flush=True)
            continue
        for row in watermark.fresh(rows):
            printer(row)


def json_printer() -> Callable[[TurnRow], None]:
    def emit(row: TurnRow) -> None:
        print(json.dumps(row.to_json(), ensure_ascii=False), flush=True)

    return emit


def table_printer(tz: tzinfo, width: int | None = None) -> Callable[[TurnRow], None]:
    widths = column_widths(width or shutil.get_terminal_size((160, 24)).columns)
    state = {"header": False}

    def emit(row: TurnRow) -> None:
        if not state["header"]:
            print(line(HEADER, widths, RIGHT_ALIGNED), flush=False)
            state["header"] = True
        print(line(row_cells(row, tz), widths, RIGHT_ALIGNED), flush=True)

    return emit


def column_widths(total: int) -> tuple[int, ...]:
    """The fixed columns, then message and reply sharing what is left (two spaces between columns)."""
    rest = max(2 * MIN_TEXT, total - sum(FIXED_WIDTHS) - 2 * len(FIXED_WIDTHS) - 2)
    return (*FIXED_WIDTHS, rest // 2, rest - rest // 2)


def row_cells(row: TurnRow, tz: tzinfo) -> list[str]:
    return [
        row.at.astimezone(tz).strftime("%m-%d %H:%M:%S"),
        row.channel or "-",
        row.user_key or "-",
        row.intent or "-",
        "-" if row.confidence is None else f"{row.confidence:.2f}",
        "-" if row.latency_ms is None else str(row.latency_ms),
        printable(row.message),
        printable(row.reply),
    ]
