"""One loaded NLU pipeline per test process: the JVM and the warm-up cost seconds."""

from __future__ import annotations

import functools

from nlu.pipeline import NluConfig, NluPipeline


@functools.cache
def shared_pipeline() -> NluPipeline:
    """The real pipeline (Okt, the active model), loaded on first use and kept."""
    return NluPipeline.from_config(NluConfig(analyzer="okt", warm_up_seconds=0.2))
