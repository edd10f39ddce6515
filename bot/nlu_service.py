"""The NLU as the web process holds it: loaded and warmed once at start (the JVM takes seconds), then called
per turn with a short Redis cache in front (``nlu:{hash}``, 5 minutes).

Hot reload: every ``NLU_RELOAD_INTERVAL_S`` (10 s) the process asks which model version is active (one indexed
row of ``ml_training.model_versions``; the models directory's ``ACTIVE`` file when the database names none).
When it changed, the new model is loaded and warmed in a thread around the *same* analyser (the JVM is shared;
only the classifier changes) and the pipeline reference is swapped in one assignment on the event loop. A call
takes the reference once when it starts, so a request in flight finishes on the model it began with and none is
dropped. A version the database names but this machine does not have is reported once and not loaded: the
current model keeps serving. ``NLU_MODEL_VERSION`` pins a version and turns reloading off.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import structlog

from nlu.types import NluResult
from storage.session_store import NLU_TTL_S, CacheStore, nlu_key

log = structlog.get_logger(__name__)

RETRY_UNAVAILABLE_S = 60.0  # a version missing here is tried again after this long (its files may have arrived)
VersionLookup = Callable[[], Awaitable[str | None]]


@dataclass
class NluService:
    pipeline: object  # nlu.pipeline.NluPipeline
    cache: CacheStore | None = None
    model_version: str = ""
    _reloader: asyncio.Task | None = field(default=None, repr=False)
    _unavailable: tuple[str, float] | None = field(default=None, repr=False)  # (version, retry after)

    @classmethod
    async def start(cls, cache: CacheStore | None = None) -> NluService:
        from nlu.pipeline import NluPipeline

        pipeline = await asyncio.to_thread(_load_and_warm, NluPipeline)
        return cls(pipeline=pipeline, cache=cache, model_version=str(getattr(pipeline, "model_version", "")))

    async def analyze(self, text: str) -> NluResult:
        pipeline = self.pipeline  # one model for the whole call, whatever a reload does meanwhile
        key = nlu_key(text, str(getattr(pipeline, "model_version", self.model_version)))
        if self.cache is not None:
            cached = await self.cache.get_json(key)
            if isinstance(cached, dict):
                return NluResult(text=text, intent=cached["intent"], confidence=cached["confidence"],
                                 entities=cached.get("entities", {}))
        # One short sentence takes about a millisecond once warm: inline beats a thread hop (bench/nlu_bench.py).
        result = pipeline.analyze(text)
        if self.cache is not None:
            await self.cache.set_json(key, result.to_json_dict(), NLU_TTL_S)
        return result

    def swap(self, pipeline: object) -> None:
        """Serve ``pipeline`` from now on (both assignments happen without a suspension point in between)."""
        self.pipeline, self.model_version = pipeline, str(getattr(pipeline, "model_version", ""))

    async def reload_if_changed(self, version: str | None) -> bool:
        """Load and swap in ``version`` when it differs from the model being served; True when swapped."""
        if not version or version == self.model_version:
            return False
        if self._unavailable and self._unavailable[0] == version and time.monotonic() < self._unavailable[1]:
            return False
        from nlu.classifier import ModelNotFound

        try:
            fresh = await asyncio.to_thread(_load_beside, self.pipeline, version)
        except (ModelNotFound, ValueError, OSError) as exc:
            self._unavailable = (version, time.monotonic() + RETRY_UNAVAILABLE_S)
            log.warning("nlu_model_unavailable", model_version=version, error=str(exc))
            return False
        previous = self.model_version
        self.swap(fresh)
        self._unavailable = None
        log.info("nlu_model_swapped", model_version=self.model_version, previous=previous)
        return True

    def start_reloading(self, lookup: VersionLookup, interval_s: float | None = None) -> None:
        """Poll ``lookup`` every ``interval_s`` (default: the pipeline's ``reload_interval_s``) and follow it."""
        config = getattr(self.pipeline, "config", None)
        interval = getattr(config, "reload_interval_s", 0.0) if interval_s is None else interval_s
        if not interval or interval <= 0 or getattr(config, "model_version", None):
            log.info("nlu_reload_off", pinned=getattr(config, "model_version", None))
            return
        self._reloader = asyncio.create_task(self._follow(lookup, interval), name="nlu-reload")

    async def stop_reloading(self) -> None:
        if self._reloader is not None:
            self._reloader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reloader
            self._reloader = None

    async def _follow(self, lookup: VersionLookup, interval_s: float) -> None:
        while True:
            try:
                await self.reload_if_changed(await lookup())
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is down, say: keep serving, ask again later
                log.warning("nlu_reload_check_failed", error=type(exc).__name__)
            await asyncio.sleep(interval_s)


def active_version_lookup(pool, models_dir) -> VersionLookup:
    """The active version: ``ml_training.model_versions``' when it names one, else the ``ACTIVE`` file's."""
    from nlu.classifier import ModelNotFound, active_version
    from storage import model_versions

    async def lookup() -> str | None:
        async with pool.acquire(timeout=2.0) as conn:
            version = await model_versions.active_version(conn)
        if version:
            return version
        try:
            return active_version(models_dir)
        except ModelNotFound:
            return None

    return lookup


def _load_beside(pipeline, version: str):
    """A pipeline around ``version`` sharing ``pipeline``'s analyser, warmed with one round of samples."""
    from nlu.classifier import load_model

    fresh = pipeline.with_model(load_model(pipeline.config.models_dir, version))
    fresh.warm_up(seconds=0)
    return fresh


def _load_and_warm(pipeline_cls):
    pipeline = pipeline_cls.load()
    pipeline.warm_up()
    log.info("nlu_ready", model_version=str(getattr(pipeline, "model_version", "")))
    return pipeline
