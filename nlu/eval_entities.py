"""Measure `extract_entities` against the labelled utterances in nlu/data/*.jsonl.

    python -m nlu.eval_entities [--show-errors] [FILE.jsonl ...]

For each file: budget exact-match rate (absent counts: no label and no prediction is right),
companion_count exact rate (same), agreement rates for food_type, time_preference, location,
companions, menu_options and urgency, over all utterances. Each text goes through `normalize`
first, as in the pipeline. Prints one table; exits 1 when budget < 0.98 or head count < 0.95.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from nlu.entities import ENTITY_KEYS, extract_entities
from nlu.normalize import normalize

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILES = (DATA_DIR / "train.jsonl", DATA_DIR / "test.jsonl")
TARGETS = {"budget": 0.98, "companion_count": 0.95}


def read_labelled(path: Path) -> list[dict]:
    """The labelled records of one JSON-lines file."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score_file(records: Iterable[dict]) -> tuple[dict[str, float], list[tuple[str, str, object, object]]]:
    """Per-key agreement rates and the list of (key, text, expected, predicted) disagreements."""
    hits = dict.fromkeys(ENTITY_KEYS, 0)
    errors: list[tuple[str, str, object, object]] = []
    total = 0
    for record in records:
        total += 1
        predicted = extract_entities(normalize(record["text"]))
        expected = record.get("entities") or {}
        for key in ENTITY_KEYS:
            if _same(expected.get(key), predicted.get(key)):
                hits[key] += 1
            else:
                errors.append((key, record["text"], expected.get(key), predicted.get(key)))
    rates = {key: hits[key] / total if total else 1.0 for key in ENTITY_KEYS}
    return rates, errors


def _same(expected: object, predicted: object) -> bool:
    if isinstance(expected, list) or isinstance(predicted, list):
        return sorted(expected or []) == sorted(predicted or [])
    return expected == predicted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--show-errors", action="store_true", help="list every disagreement")
    parser.add_argument("--key", action="append", help="with --show-errors: only these keys")
    args = parser.parse_args(argv)
    passed = True
    print(f"{'file':<14}{'n':>6}" + "".join(f"{key[:10]:>12}" for key in ENTITY_KEYS))
    for path in args.files:
        records = read_labelled(path)
        rates, errors = score_file(records)
        print(f"{path.name:<14}{len(records):>6}" + "".join(f"{rates[key]:>12.3f}" for key in ENTITY_KEYS))
        passed &= all(rates[key] >= target for key, target in TARGETS.items())
        if args.show_errors:
            for key, text, expected, predicted in errors:
                if not args.key or key in args.key:
                    print(f"  {key}: {text!r} expected={expected!r} got={predicted!r}")
    print(
        "targets:",
        ", ".join(f"{key} >= {target}" for key, target in TARGETS.items()),
        "->",
        "met" if passed else "NOT met",
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
