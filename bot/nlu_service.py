"""The NLU as the web process holds it: loaded and warmed once at start (the JVM takes seconds), then called
per turn with a short Redis cache in front (``nlu:{hash}``, 5 minutes)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import structlog

from nlu.types import NluResult
from storage.session_store import NLU_TTL_S, CacheStore, nlu_key

log = structlog.get_logger(__name__)


@dataclass
class NluService:
    pipeline: object  # nlu.pipeline.NluPipeline
    cache: CacheStore | None = None
    model_version: str = ""

    @classmethod
    async def start(cls, cache: CacheStore | None = None) -> NluService:
        from nlu.pipeline import NluPipeline

        pipeline = await asyncio.to_thread(_load_and_warm, NluPipeline)
        return cls(pipeline=pipeline, cache=cache, model_version=str(getattr(pipeline, "model_version", "")))

    async def analyze(self, text: str) -> NluResult:
        key = nlu_key(text, self.model_version)
        if self.cache is not None:
            cached = await self.cache.get_json(key)
            if isinstance(cached, dict):
                return NluResult(text=text, intent=cached["intent"], confidence=cached["confidence"],
                                 entities=cached.get("entities", {}))
        # One short sentence takes about a millisecond once warm: inline beats a thread hop (bench/nlu_bench.py).
        result = self.pipeline.analyze(text)
        if self.cache is not None:
            await self.cache.set_json(key, result.to_json_dict(), NLU_TTL_S)
        return result


def _load_and_warm(pipeline_cls):
    pipeline = pipeline_cls.load()
    pipeline.warm_up()
    log.info("nlu_ready", model_version=str(getattr(pipeline, "model_version", "")))
    return pipeline
