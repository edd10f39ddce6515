"""``python -m bot``: the web server (the ``web`` process of the Procfile), or an operator command.

    python -m bot                                   the web server
    python -m bot logs [--since 1h] [--intent X] [--channel kakao|line|web] [--follow] [--json]
    python -m bot privacy export|delete USER_KEY

Commands import only what they need: ``logs`` starts no NLU, no web app.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli import logs, privacy


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="나비얌: the web server, or an operator command")
    parser.set_defaults(handler=run_web)
    commands = parser.add_subparsers(dest="command", metavar="{logs,privacy}")
    logs.add_parser(commands)
    privacy.add_parser(commands)
    return parser


def run_web(_: argparse.Namespace | None = None) -> int:
    from aiohttp import web

    from bot.app import create_app
    from storage.config import load_settings
    from storage.logs import configure_logging

    settings = load_settings()
    configure_logging(settings.log_format)
    if not settings.database_url or not settings.redis_url:
        print("DATABASE_URL and REDIS_URL must be set (make run sets them for the embedded servers).", file=sys.stderr)
        return 2
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None, access_log=None)
    return 0


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
