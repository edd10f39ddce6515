"""``make run``: the whole bot on one machine, as the Procfile declares it.

When DATABASE_URL / REDIS_URL are unset, an embedded PostgreSQL and Redis are started with their data under
``var/``. Migrations are applied, the demo data is loaded on the first start, then the Procfile's processes (web,
worker, scheduler) run under honcho until Ctrl-C, after which everything is stopped, the embedded servers too.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import structlog
from honcho.environ import parse_procfile
from honcho.manager import Manager
from honcho.printer import Printer

from storage.config import PROJECT_ROOT, Settings, load_settings
from storage.embedded import EmbeddedPostgres, EmbeddedRedis
from storage.logs import configure_logging

log = structlog.get_logger("bot.launch")


async def prepare_database(database_url: str) -> None:
    """Apply migrations and, on the first start, load the demo data set."""
    from storage.db import connect
    from storage.demo_cli import seed_demo_if_empty
    from storage.migrate import apply_migrations

    await apply_migrations(database_url)
    conn = await connect(database_url)
    try:
        await seed_demo_if_empty(conn)
    finally:
        await conn.close()


def _child_environment(database_url: str, redis_url: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, PYTHONUNBUFFERED="1")
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    return env


def _print_welcome(settings: Settings) -> None:
    base = f"http://{settings.host}:{settings.port}"
    operators = f"  Operators:   {base}/ops/\n" if settings.operator_token else ""
    print(
        f"\n  나비얌 is starting.\n"
        f"  Chat page:   {base}/\n"
        f"  Chat API:    POST {base}/api/v1/chat\n"
        f"  Health:      {base}/healthz   {base}/readyz\n"
        f"{operators}"
        f"  Press Ctrl-C to stop everything.\n",
        flush=True,
    )


def run_procfile(env: dict[str, str], procfile: Path = PROJECT_ROOT / "Procfile") -> int:
    manager = Manager(Printer(sys.stdout))
    for name, command in parse_procfile(procfile.read_text()).processes.items():
        manager.add_process(name, command, env=env, cwd=str(PROJECT_ROOT))
    manager.loop()
    return manager.returncode or 0


def main() -> int:
    settings = load_settings()
    configure_logging("console")
    started: list = []
    try:
        database_url = settings.database_url
        if not database_url:
            started.append(EmbeddedPostgres(settings.var_dir / "pg"))
            database_url = started[-1].start()
        redis_url = settings.redis_url
        if not redis_url:
            started.append(EmbeddedRedis(settings.var_dir / "redis"))
            redis_url = started[-1].start()
        asyncio.run(prepare_database(database_url))
        _print_welcome(settings)
        return run_procfile(_child_environment(database_url, redis_url))
    finally:
        for server in reversed(started):
            server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
