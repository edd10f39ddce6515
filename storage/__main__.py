"""``python -m storage``: database commands for operators and ``make run`` (CONTRACTS §5).

    python -m storage migrate
    python -m storage seed-demo
    python -m storage demo-user --platform kakao|line|web --external-id ID [--balance WON]
    python -m storage import-shops FILE.csv|FILE.xlsx
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from storage.config import load_settings
from storage.db import connect
from storage.logs import configure_logging


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m storage", description="나비얌 database commands")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply pending migrations to DATABASE_URL (idempotent)")
    commands.add_parser("seed-demo", help="load the demo data set (idempotent)")
    user = commands.add_parser("demo-user", help="create or update a user; --balance gives it a meal card")
    user.add_argument("--platform", required=True, choices=("kakao", "line", "web"))
    user.add_argument("--external-id", required=True)
    user.add_argument("--balance", type=int, default=None, help="meal card balance in won")
    shops = commands.add_parser("import-shops", help="import shops and menus from a CSV or XLSX file")
    shops.add_argument("file", type=Path)
    return parser


async def _run(args: argparse.Namespace, database_url: str) -> int:
    if args.command == "migrate":
        from storage.migrate import apply_migrations

        applied = await apply_migrations(database_url)
        print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))
        return 0
    conn = await connect(database_url)
    try:
        return await _run_on(conn, args)
    finally:
        await conn.close()


async def _run_on(conn, args: argparse.Namespace) -> int:
    if args.command == "seed-demo":
        from storage.demo_cli import seed_demo

        print((await seed_demo(conn)).summary())
        return 0
    if args.command == "demo-user":
        from storage.demo.load import upsert_demo_user

        if args.balance is not None and args.balance < 0:
            print("--balance must be 0 or more", file=sys.stderr)
            return 2
        print(await upsert_demo_user(conn, args.platform, args.external_id, args.balance))
        return 0
    from storage.shop_import import format_report, import_shops_file

    report = await import_shops_file(conn, args.file)
    print(format_report(report))
    return 0 if report.rows_ok else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings()
    configure_logging(settings.log_format)
    if not settings.database_url:
        print("DATABASE_URL is not set (make run starts an embedded PostgreSQL and sets it).", file=sys.stderr)
        return 2
    return asyncio.run(_run(args, settings.database_url))


if __name__ == "__main__":
    raise SystemExit(main())
