"""`python -m nlu train`: retrain from the shipped data (+ reviewed corrections), score, save.

Progress and scores go to stderr; the new version id is returned (and printed on stdout by
the command). A version id is `<UTC date>-<first 8 hex of the data's SHA-256>`: the corrections
(an `--extra` file, the database's review queue) are part of that data, so new corrections give
a new version and the same data the same one.

A correction whose text is in the held-out test file is left out: training on it would make the
held-out score, on which a new version must beat the active one, meaningless.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from nlu.classifier import IntentModel, load_model
from nlu.evaluation import evaluate, format_report
from nlu.features import FeatureConfig
from nlu.morph import start_analyzer
from nlu.pipeline import NluConfig, NluPipeline
from nlu.training import data_digest, prepare_examples, read_examples, train_model

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Trained:
    """A freshly trained and saved version, with what it was trained on and its held-out score."""

    version: str
    test_accuracy: float | None
    stats: dict
    pipeline: NluPipeline  # the new model with the analyser it was trained with (reused to score others)


def train_and_report(data: Path, extra: Path | None, test: Path | None, models_dir: Path,
                     corrections: Sequence[dict] = ()) -> Trained:
    """Train a new model version into `models_dir`, print its scores, return it."""
    started = time.perf_counter()
    config = NluConfig.from_env()
    analyzer = start_analyzer(config.analyzer, config.jvm_heap_mb, config.jvm_path)
    held_out = _texts(test)
    with tempfile.TemporaryDirectory(prefix="nlu-train-") as tmp:
        added = _additions(extra, corrections, held_out, Path(tmp) / "additions.jsonl")
        sources = [data] + ([added] if added else [])
        examples = [example for source in sources for example in read_examples(source)]
        feature_config = FeatureConfig()
        prepared = prepare_examples(examples, analyzer, feature_config)
        model = train_model(prepared, feature_config, data_digest(sources, feature_config))
    labels = [str(data)] + ([str(extra)] if extra else []) + (
        [f"database: {len(corrections)} reviewed examples"] if corrections else [])
    model = _with_metadata(model, analyzer=analyzer.name, sources=labels)
    pipeline, accuracy = NluPipeline(analyzer, model, config), None
    if held_out:
        report = evaluate(pipeline, read_examples(test))
        print(format_report(report, show_errors=20), file=sys.stderr)
        accuracy = round(report.accuracy, 4)
        model = _with_metadata(model, test_accuracy=accuracy, test_file=str(test))
    target = model.save(models_dir)
    _print_training(model)
    print(f"wrote {target} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    stats = {"total_samples": len(examples), "intent_distribution": dict(Counter(e.intent.value for e in examples)),
             "extra_file": str(extra) if extra else None, "reviewed_corrections": len(corrections)}
    return Trained(model.version, accuracy, stats, pipeline.with_model(model))


def score_version(pipeline: NluPipeline, models_dir: Path, version: str, test: Path) -> float:
    """Held-out accuracy of another saved version, with the same analyser and settings."""
    other = pipeline.with_model(load_model(models_dir, version))
    return round(evaluate(other, read_examples(test)).accuracy, 4)


def may_activate(new_score: float | None, active_score: float | None) -> bool:
    """A new version replaces the active one only when it scores at least as well on the held-out split."""
    if active_score is None:
        return True
    return new_score is not None and new_score >= active_score


def _texts(test: Path | None) -> set[str]:
    if not test or not Path(test).is_file():
        return set()
    return {example.text.strip() for example in read_examples(test)}


def _additions(extra: Path | None, corrections: Sequence[dict], held_out: set[str], target: Path) -> Path | None:
    """`--extra` and the database's corrections in one file (held-out texts left out), or None if empty."""
    rows = [json.dumps({"text": e.text, "intent": e.intent.value, "entities": dict(e.entities)}, ensure_ascii=False)
            for e in read_examples(extra)] if extra else []
    rows += [json.dumps({"text": c["text"], "intent": c["intent"], "entities": c.get("entities") or {}},
                        ensure_ascii=False) for c in corrections]
    kept = [row for row in rows if json.loads(row)["text"].strip() not in held_out]
    if len(kept) < len(rows):
        print(f"left out {len(rows) - len(kept)} correction(s) whose text is in the held-out test file",
              file=sys.stderr)
    if not kept:
        return None
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    read_examples(target)  # fails early, with the line number, on a bad label
    return target


def _print_training(model: IntentModel) -> None:
    print(f"{model.metadata['cv_folds']}-fold cross-validation on the training data:", file=sys.stderr)
    for row in model.metadata["cv"]:
        print(f"  {row['estimator']:<20} C={row['c']:<6} model accuracy {row['model_accuracy']:.4f}  "
              f"decision accuracy {row['decision_accuracy']:.4f}  temperature {row['temperature']}", file=sys.stderr)
    print(f"chosen: {model.metadata['estimator']} C={model.metadata['c']}, temperature {model.temperature:.3f}, "
          f"UNKNOWN threshold {model.unknown_threshold:.2f} (cv decision accuracy "
          f"{model.metadata['cv_decision_accuracy']})", file=sys.stderr)


def _with_metadata(model: IntentModel, **extra: object) -> IntentModel:
    return replace(model, metadata={**model.metadata, **extra})

