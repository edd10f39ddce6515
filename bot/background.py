"""Tracked background work: every task is kept until it ends and drained at shutdown, so an answer that was
acknowledged (LINE's 200) is still sent when the process stops gracefully.

Work for one user runs in order (a second message can arrive before the first is answered); different users run
concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog

log = structlog.get_logger(__name__)


@dataclass
class BackgroundTasks:
    tasks: set[asyncio.Task] = field(default_factory=set)
    _tails: dict[str, asyncio.Task] = field(default_factory=dict)

    def spawn(self, work: Awaitable, name: str = "background") -> asyncio.Task:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def spawn_in_order(self, key: str, make_work: Callable[[], Awaitable]) -> asyncio.Task:
        """Run ``make_work()`` after the previous work spawned with the same ``key`` has finished."""
        previous = self._tails.get(key)

        async def chained() -> None:
            if previous is not None:
                await asyncio.gather(previous, return_exceptions=True)
            await make_work()

        task = self.spawn(chained(), name=f"ordered:{key}")
        self._tails[key] = task
        task.add_done_callback(lambda t: self._tails.pop(key, None) if self._tails.get(key) is t else None)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background_task_failed", error=repr(task.exception()))

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for the running work (at most ``timeout`` seconds), then cancel what is left."""
        if not self.tasks:
            return
        done, pending = await asyncio.wait(set(self.tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        log.info("background_drained", finished=len(done), cancelled=len(pending))
