"""A TCP proxy in front of the test PostgreSQL that a test can switch off and on: "PostgreSQL is down" for the
workers behind it (connections cut, new ones refused) without touching the machine's server."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import parse_qs, urlsplit, urlunsplit


class PgProxy:
    def __init__(self, database_url: str) -> None:
        parts = urlsplit(database_url)
        self._parts = parts
        socket_dir = parse_qs(parts.query).get("host", [None])[0]
        self._upstream_unix = f"{socket_dir}/.s.PGSQL.{parts.port or 5432}" if socket_dir else None
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self._server: asyncio.Server | None = None
        self._port = 0
        self._tasks: set[asyncio.Task] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        user = self._parts.username or "postgres"
        password = f":{self._parts.password}" if self._parts.password else ""
        return urlunsplit(("postgresql", f"{user}{password}@127.0.0.1:{self._port}", self._parts.path, "", ""))

    async def up(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self._port)
        self._port = self._server.sockets[0].getsockname()[1]

    async def down(self) -> None:
        """Refuse new connections and cut every open one."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            if self._upstream_unix:
                server_reader, server_writer = await asyncio.open_unix_connection(self._upstream_unix)
            else:
                server_reader, server_writer = await asyncio.open_connection(*self._upstream)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, server_writer}
        pumps = [asyncio.create_task(_pump(client_reader, server_writer)),
                 asyncio.create_task(_pump(server_reader, client_writer))]
        self._tasks.update(pumps)
        await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        for writer in (client_writer, server_writer):
            writer.transport.abort()
            self._writers.discard(writer)
        for pump in pumps:
            pump.cancel()
            self._tasks.discard(pump)


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.CancelledError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
