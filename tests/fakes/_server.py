"""Plumbing shared by the fake messenger APIs: a small aiohttp server on 127.0.0.1.

A fake runs inside the test process (``async with FakeLineApi() as fake``) or in a process of its
own (``python -m tests.fakes.line_api --port 0``) for tests that drive workers in subprocesses.
Control and inspection endpoints live under ``/__fake__/`` so they can never collide with a
real API path; they are not recorded in ``fake.requests``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import web

CONTROL_PREFIX = "/__fake__/"
# aiohttp refuses bodies over 1 MiB by default; LINE answers 413 only over 2 MB, so let
# bigger bodies through and let each fake decide.
MAX_BODY_BYTES = 8 * 1024 * 1024

Clock = Callable[[], float]


def new_id() -> str:
    return str(uuid.uuid4())


def now_ms() -> int:
    return int(time.time() * 1000)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(body, status=status, headers=headers, dumps=_dumps)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


class FakeServer:
    """Base class: start/stop, ``base_url``, a log of every request and the control endpoints."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self.base_url: str | None = None
        # Every request received on the API paths, whatever the outcome, in arrival order.
        self.requests: list[dict[str, Any]] = []

    # -- to be provided by subclasses -------------------------------------------------------
    def add_routes(self, app: web.Application) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def add_control_routes(self, app: web.Application) -> None:
        """Extra ``/__fake__/…`` endpoints for use from another process."""

    def snapshot(self) -> dict[str, Any]:
        return {"requests": self.requests}

    def reset(self) -> None:
        self.requests.clear()

    # -- lifecycle -----------------------------------------------------------------------------
    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self._recording])
        self.add_routes(app)
        app.router.add_get(CONTROL_PREFIX + "state", self._control_state)
        app.router.add_post(CONTROL_PREFIX + "reset", self._control_reset)
        self.add_control_routes(app)
        return app

    async def start(self) -> str:
        if self._runner is not None:
            raise RuntimeError("fake server already started")
        runner = web.AppRunner(self.build_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        await site.start()
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- internals -----------------------------------------------------------------------------
    @web.middleware
    async def _recording(self, request: web.Request, handler):
        if request.path.startswith(CONTROL_PREFIX):
            return await handler(request)
        raw = await request.read()  # cached by aiohttp: handlers can read it again
        entry: dict[str, Any] = {
            "method": request.method,
            "path": request.path,
            "headers": dict(request.headers),
            "body": raw.decode("utf-8", errors="replace"),
            "status": None,
        }
        self.requests.append(entry)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            entry["status"] = exc.status
            raise
        entry["status"] = response.status
        return response

    async def _control_state(self, request: web.Request) -> web.Response:
        return json_response(self.snapshot())

    async def _control_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return json_response({})


async def read_json(request: web.Request) -> tuple[Any, json.JSONDecodeError | None]:
    """The parsed body, or the decode error (line/column are reported by LINE's message)."""
    text = (await request.read()).decode("utf-8", errors="replace")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, exc


def run_cli(description: str, add_arguments: Callable[[argparse.ArgumentParser], None],
            make_fake: Callable[[argparse.Namespace], FakeServer], argv: list[str] | None = None) -> None:
    """Serve a fake until SIGTERM/SIGINT. Prints ``READY <base_url>`` once listening."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    add_arguments(parser)
    args = parser.parse_args(argv)
    asyncio.run(_serve_forever(make_fake(args)))


async def _serve_forever(fake: FakeServer) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    base_url = await fake.start()
    print(f"READY {base_url}", flush=True)
    try:
        await stop.wait()
    finally:
        await fake.stop()
    sys.stdout.flush()
