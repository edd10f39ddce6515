"""`python -m nlu train`: retrain from the shipped data (+ reviewed corrections), score, save.

Progress and scores go to stderr; the new version id is returned (and printed on stdout by
the command). A version id is `<UTC date>-<first 8 hex of the data's SHA-256>`.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from nlu.classifier import IntentModel
from nlu.evaluation import evaluate, format_report
from nlu.features import FeatureConfig
from nlu.morph import start_analyzer
from nlu.pipeline import NluConfig, NluPipeline
from nlu.training import data_digest, prepare_examples, read_examples, train_model

log = logging.getLogger(__name__)


def train_and_report(data: Path, extra: Path | None, test: Path | None, models_dir: Path) -> str:
    """Train a new model version into `models_dir`, print its scores, return its version."""
    started = time.perf_counter()
    config = NluConfig.from_env()
    analyzer = start_analyzer(config.analyzer, config.jvm_heap_mb, config.jvm_path)
    sources = [data] + ([extra] if extra else [])
    examples = [example for source in sources for example in read_examples(source)]
    feature_config = FeatureConfig()
    prepared = prepare_examples(examples, analyzer, feature_config)
    model = train_model(prepared, feature_config, data_digest(sources, feature_config))
    model = _with_metadata(model, analyzer=analyzer.name, sources=[str(s) for s in sources])
    if test and Path(test).is_file():
        pipeline = NluPipeline(analyzer, model, config)
        report = evaluate(pipeline, read_examples(test))
        print(format_report(report, show_errors=20), file=sys.stderr)
        model = _with_metadata(model, test_accuracy=round(report.accuracy, 4), test_file=str(test))
    target = model.save(models_dir)
    print(f"{model.metadata['cv_folds']}-fold cross-validation on the training data:", file=sys.stderr)
    for row in model.metadata["cv"]:
        print(f"  {row['estimator']:<20} C={row['c']:<6} model accuracy {row['model_accuracy']:.4f}  "
              f"decision accuracy {row['decision_accuracy']:.4f}  temperature {row['temperature']}", file=sys.stderr)
    print(f"chosen: {model.metadata['estimator']} C={model.metadata['c']}, temperature {model.temperature:.3f}, "
          f"UNKNOWN threshold {model.unknown_threshold:.2f} (cv decision accuracy "
          f"{model.metadata['cv_decision_accuracy']})", file=sys.stderr)
    print(f"wrote {target} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return model.version


def _with_metadata(model: IntentModel, **extra: object) -> IntentModel:
    from dataclasses import replace

    return replace(model, metadata={**model.metadata, **extra})
