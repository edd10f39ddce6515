"""One Korean message in, one `NluResult` out: normalise → entities → features → rules + model.

Hold one `NluPipeline` per process, built once at start (`NluPipeline.load()` reads the
environment, `NluPipeline.from_config(config)` takes explicit settings): it starts the JVM,
loads the model and warms both up, which takes a few seconds — do it at start-up, off the
event loop (e.g. `await loop.run_in_executor(None, NluPipeline.load)`), never per request.

`analyze` never raises for any input: empty, garbage, 10,000 characters or an internal
error all give a defined result (UNKNOWN, see `nlu.rules`). Input is cut to
`max_input_chars` before it is analysed (the result's `text` is the input as given).

Thread safety: after loading, `analyze` and `analyze_batch` may be called from several
threads at once: the model and configuration are read-only, normalisation and entity
extraction are pure, and the analyser is shared safely (see `nlu.morph`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlu.classifier import DEFAULT_MODELS_DIR, IntentModel, load_model
from nlu.entities import extract_entities
from nlu.features import extract_features
from nlu.morph import Analyzer, RegexAnalyzer, start_analyzer
from nlu.normalize import normalize
from nlu.rules import Decision, decide, screen_input
from nlu.types import Intent, NluResult

log = logging.getLogger(__name__)
_REGEX_ANALYZER = RegexAnalyzer()

DEFAULT_MAX_INPUT_CHARS = 1_000
WARM_UP_MESSAGES = (
    "5천원으로 점심 뭐 먹지", "돈이 없는데 배고파요", "친구 3명이랑 나까지 넷이서 먹을 곳",
    "급식카드 잔액 얼마 남았어?", "쿠폰 있어?", "그 가게 몇 시에 열어요", "건대입구역 떡볶이집 어디야",
    "짜장면 곱빼기 되나요", "안녕 고마워", "만원 이하 치킨", "충전 언제 돼요", "ㅋㅋ",
)


@dataclass(frozen=True)
class NluConfig:
    """Settings of the NLU, read once at start (env names in `from_env`)."""

    analyzer: str = "okt"
    jvm_heap_mb: int = 256
    jvm_path: str | None = None
    models_dir: Path = DEFAULT_MODELS_DIR
    model_version: str | None = None
    max_input_chars: int = DEFAULT_MAX_INPUT_CHARS
    warm_up_seconds: float = 1.5
    reload_interval_s: float = 10.0  # how often a web process checks for a newly activated model (0: never)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> NluConfig:
        """`NLU_ANALYZER`, `NLU_JVM_HEAP_MB`, `NLU_JVM_PATH`, `NLU_MODELS_DIR`, `NLU_MODEL_VERSION`,
        `NLU_MAX_INPUT_CHARS`, `NLU_WARM_UP_SECONDS`, `NLU_RELOAD_INTERVAL_S`; unset ones keep their defaults."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            analyzer=env.get("NLU_ANALYZER") or defaults.analyzer,
            jvm_heap_mb=int(env.get("NLU_JVM_HEAP_MB") or defaults.jvm_heap_mb),
            jvm_path=env.get("NLU_JVM_PATH") or None,
            models_dir=Path(env.get("NLU_MODELS_DIR") or defaults.models_dir),
            model_version=env.get("NLU_MODEL_VERSION") or None,
            max_input_chars=int(env.get("NLU_MAX_INPUT_CHARS") or defaults.max_input_chars),
            warm_up_seconds=float(env.get("NLU_WARM_UP_SECONDS") or defaults.warm_up_seconds),
            reload_interval_s=float(env.get("NLU_RELOAD_INTERVAL_S") or defaults.reload_interval_s),
        )


@dataclass(frozen=True)
class PreparedMessage:
    """A message after normalisation and entity extraction; `screened` is set (and the
    entities left empty) when the input is not worth analysing (`nlu.rules.screen_input`)."""

    normalized: str
    entities: dict[str, Any] = field(default_factory=dict)
    screened: Decision | None = None


def prepare_message(text: str, max_input_chars: int = DEFAULT_MAX_INPUT_CHARS) -> PreparedMessage:
    """Cut, normalise and extract the entities of one message (shared with training)."""
    normalized = normalize(text[:max_input_chars])
    screened = screen_input(normalized)
    if screened is not None:
        return PreparedMessage(normalized, {}, screened)
    return PreparedMessage(normalized, dict(extract_entities(normalized)))


class NluPipeline:
    """The loaded NLU: one analyser and one model, shared by every call."""

    def __init__(self, analyzer: Analyzer, model: IntentModel, config: NluConfig | None = None) -> None:
        self.analyzer = analyzer
        self.model = model
        self.config = config or NluConfig()

    @classmethod
    def from_config(cls, config: NluConfig | None = None, warm_up: bool = True) -> NluPipeline:
        """Start the analyser (JVM), load the model once and warm both up."""
        config = config or NluConfig()
        started = time.perf_counter()
        analyzer = start_analyzer(config.analyzer, config.jvm_heap_mb, config.jvm_path)
        model = load_model(config.models_dir, config.model_version)
        pipeline = cls(analyzer, model, config)
        if warm_up:
            pipeline.warm_up()
        log.info("nlu loaded: analyzer=%s model=%s in %.2fs", analyzer.name, model.version,
                 time.perf_counter() - started)
        return pipeline

    def with_model(self, model: IntentModel) -> NluPipeline:
        """A pipeline around another model that shares this one's analyser (and JVM) and settings: how a running
        process switches models (build the new one off the event loop, then swap the reference)."""
        return NluPipeline(self.analyzer, model, self.config)

    @property
    def model_version(self) -> str:
        """The version of the loaded model (part of cache keys and turn logs)."""
        return self.model.version

    @property
    def analyzer_name(self) -> str:
        """okt, komoran, or regex when the JVM could not start."""
        return self.analyzer.name

    @classmethod
    def load(cls) -> NluPipeline:
        """`from_config` with the settings from the environment."""
        return cls.from_config(NluConfig.from_env())

    def warm_up(self, seconds: float | None = None) -> int:
        """Analyse sample messages for about `seconds` (at least one round) so that the first
        calls are loaded and the JVM's JIT has compiled the analyser; returns the count."""
        budget = self.config.warm_up_seconds if seconds is None else seconds
        deadline, count = time.perf_counter() + budget, 0
        while count == 0 or time.perf_counter() < deadline:
            count += len(self.analyze_batch(WARM_UP_MESSAGES))
        return count

    def analyze(self, text: str) -> NluResult:
        """The NLU result of one message; never raises."""
        text = _as_text(text)
        try:
            return self._analyze(text)
        except Exception:  # a defined answer beats a failed turn; the cause goes to the log
            log.exception("nlu failed on a message of %d characters", len(text))
            return NluResult(text, Intent.UNKNOWN, 0.0, {})

    def analyze_batch(self, texts: Iterable[str]) -> list[NluResult]:
        """`analyze` for each message, in order."""
        return [self.analyze(text) for text in texts]

    def _analyze(self, text: str) -> NluResult:
        prepared = prepare_message(text, self.config.max_input_chars)
        if prepared.screened is not None:
            return NluResult(text, prepared.screened.intent, prepared.screened.confidence, {})
        probabilities = self.probabilities(prepared)
        decision = decide(prepared.normalized, prepared.entities, probabilities,
                          self.model.unknown_threshold)
        return NluResult(text, decision.intent, decision.confidence, prepared.entities)

    def probabilities(self, prepared: PreparedMessage) -> dict[str, float]:
        """The model's calibrated probability of each intent for a prepared message.

        Should the analyser fail on a message (a Java exception), the regex analyser stands in.
        """
        config = self.model.feature_config
        try:
            features = extract_features(prepared.normalized, prepared.entities, self.analyzer, config)
        except Exception:
            log.warning("analyser %s failed; regex analyser used for this message", self.analyzer.name,
                        exc_info=True)
            features = extract_features(prepared.normalized, prepared.entities, _REGEX_ANALYZER, config)
        return self.model.predict(features)


def _as_text(value: object) -> str:
    """Any input as a str that can be encoded as UTF-8 (None → '', lone surrogates → U+FFFD)."""
    if value is None:
        return ""
    try:
        text = value if isinstance(value, str) else str(value)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    except Exception:  # an object whose __str__ fails
        text = ""
    return text
