"""Where the tests of the fakes find the real platform payloads (``../shared/fixtures`` of the repo)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

_REPO = Path(__file__).resolve().parents[2]
_CANDIDATES = [Path(p) for p in filter(None, [os.environ.get("NAVIYAM_FIXTURES_DIR")])] + [
    _REPO / "tests" / "fixtures",
    _REPO.parent / "shared" / "fixtures",
]


def fixtures_dir() -> Path:
    for candidate in _CANDIDATES:
        if (candidate / "line").is_dir() and (candidate / "kakao").is_dir():
            return candidate
    raise FileNotFoundError(f"platform payload fixtures not found in any of {[str(c) for c in _CANDIDATES]}")


def load(relative: str) -> Any:
    return json.loads((fixtures_dir() / relative).read_text(encoding="utf-8"))


class ManualClock:
    """A clock the test moves by hand: ``clock.advance(61)``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
