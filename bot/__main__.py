"""``python -m bot``: the web server (the ``web`` process of the Procfile)."""

from __future__ import annotations

import sys

from aiohttp import web

from bot.app import create_app
from storage.config import load_settings
from storage.logs import configure_logging


def main(argv: list[str]) -> int:
    settings = load_settings()
    configure_logging(settings.log_format)
    if not settings.database_url or not settings.redis_url:
        print("DATABASE_URL and REDIS_URL must be set (make run sets them for the embedded servers).", file=sys.stderr)
        return 2
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
