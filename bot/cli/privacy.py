"""``python -m bot privacy export|delete USER_KEY``: one user's data out, or gone (PIPA; CONTRACTS §5).

    python -m bot privacy export USER_KEY [--output FILE]
        Every row about the user, table by table (every conversation partition included), and their live Redis
        state, as one JSON document (stdout, or FILE written readable by its owner only).
    python -m bot privacy delete USER_KEY [--yes] [--json]
        Deletes it everywhere (PostgreSQL and Redis), keeping only anonymised timings; asks to type the key again
        unless --yes. Prints what went, table by table, and the receipt kept in the audit log.

Both are recorded in ops.audit_log (a deletion under the receipt only). Exit status: 0 done, 1 no such user (or
the database / Redis failed: a delete is then rolled back and can be run again), 2 not configured or not confirmed.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
from pathlib import Path

import asyncpg
from redis.exceptions import RedisError

from storage.config import load_settings
from storage.db import connect
from storage.errors import StorageError
from storage.privacy_ops import USER_KEY, DeletionReport, delete_user, export_user, receipt
from storage.redis_store import create_redis


def add_parser(commands) -> None:
    privacy = commands.add_parser("privacy", help="one user's data out, or gone (PIPA)",
                                  description=__doc__.split("\n")[0])
    actions = privacy.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="every row about the user as JSON")
    export.add_argument("user_key")
    export.add_argument("--output", "-o", type=Path, help="write to FILE (mode 600) instead of stdout")
    delete = actions.add_parser("delete", help="delete or anonymise the user's data everywhere")
    delete.add_argument("user_key")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.add_argument("--json", action="store_true", help="print the report as JSON")
    privacy.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.database_url or (args.action == "delete" and not settings.redis_url):
        print("DATABASE_URL and REDIS_URL must be set.", file=sys.stderr)
        return 2
    if args.action == "delete" and not USER_KEY.match(args.user_key):
        print(f"not a user key: {args.user_key!r}", file=sys.stderr)
        return 2
    if args.action == "delete" and not args.yes and not _confirmed(args.user_key):
        print("not confirmed: nothing deleted", file=sys.stderr)
        return 2
    command = _export if args.action == "export" else _delete
    try:
        return asyncio.run(command(settings.database_url, settings.redis_url, args))
    except (StorageError, RedisError, OSError, asyncpg.PostgresError) as exc:
        print(f"error: {type(exc).__name__}: {exc} (a failed delete is rolled back in PostgreSQL: run it again)",
              file=sys.stderr)
        return 1


def operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _confirmed(user_key: str) -> bool:
    if not sys.stdin.isatty():
        print("refusing to delete without a terminal to confirm on: add --yes", file=sys.stderr)
        return False
    answer = input(f"Delete every piece of data of {user_key}? This cannot be undone. Type the key again: ")
    return answer.strip() == user_key


async def _export(database_url: str, redis_url: str | None, args: argparse.Namespace) -> int:
    conn = await connect(database_url)
    redis = create_redis(redis_url) if redis_url else None
    try:
        data = await export_user(conn, redis, args.user_key, operator())
    finally:
        await conn.close()
        if redis is not None:
            await redis.aclose()
    if data is None:
        print(f"no user with key {args.user_key}", file=sys.stderr)
        return 1
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        with os.fdopen(os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {args.output} ({len(data['tables'])} tables)", file=sys.stderr)
    return 0


async def _delete(database_url: str, redis_url: str, args: argparse.Namespace) -> int:
    conn = await connect(database_url)
    redis = create_redis(redis_url)
    try:
        report = await delete_user(conn, redis, args.user_key, operator())
    finally:
        await conn.close()
        await redis.aclose()
    print(json.dumps(report.to_json(), ensure_ascii=False) if args.json else format_report(report))
    return 0 if report.found else 1


def format_report(report: DeletionReport) -> str:
    if not report.found:
        head = f"no user with key {report.user_key} in PostgreSQL"
    else:
        head = f"deleted the data of {report.user_key}"
    lines = [f"{head}; audit receipt {receipt(report.user_key)}"]
    lines += [f"  {table:<40} {count:>8}" for table, count in sorted(report.rows.items())]
    lines.append(f"  redis keys {report.redis_keys}, turns not yet logged {report.buffered_turns}, NLU cache entries "
                 f"{report.nlu_cache_entries}, audit entries redacted {report.audit_entries_redacted}")
    return "\n".join(lines)
