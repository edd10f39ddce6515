"""Training the intent classifier (`python -m nlu train`); needs scikit-learn, the JVM.

Deterministic: sorted vocabulary, fixed folds (`SEED`), the lbfgs solver. Steps:

1. prepare every example exactly as the live pipeline does (normalise, entities, features);
2. for each (estimator, C) candidate — logistic regression or a linear SVM — get 5-fold
   out-of-fold decision scores (the vocabulary is rebuilt inside each fold), fit a softmax
   temperature on them (minimum negative log-likelihood: the calibration), and measure the
   accuracy of the *whole* decision (rules included); keep the best candidate;
3. choose the UNKNOWN threshold on those out-of-fold probabilities: the best decision
   accuracy, and among equals the highest threshold;
4. fit the final model on all the training data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from nlu.classifier import IntentModel, softmax
from nlu.features import FeatureConfig, extract_features
from nlu.morph import Analyzer
from nlu.pipeline import PreparedMessage, prepare_message
from nlu.rules import decide
from nlu.types import Intent

SEED = 20240315
FOLDS = 5
# (estimator, C) candidates; the one with the best out-of-fold decision accuracy is kept.
CANDIDATES = (("logistic_regression", 10.0), ("logistic_regression", 30.0), ("logistic_regression", 100.0),
              ("linear_svm", 0.3), ("linear_svm", 1.0), ("linear_svm", 3.0))
MIN_FEATURE_COUNT = 2
TEMPERATURES = np.geomspace(0.05, 4.0, 121)
THRESHOLDS = np.round(np.arange(0.0, 0.71, 0.01), 2)


@dataclass(frozen=True)
class Example:
    """One labelled message of nlu/data/*.jsonl."""

    text: str
    intent: Intent
    entities: Mapping[str, Any]


@dataclass(frozen=True)
class PreparedExample:
    example: Example
    message: PreparedMessage
    features: dict[str, float]


def read_examples(path: Path) -> list[Example]:
    """Examples of a JSON-lines file ({"text", "intent", "entities"}); blank lines skipped."""
    examples = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            examples.append(Example(row["text"], Intent(row["intent"]), row.get("entities") or {}))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: bad example: {error}") from error
    return examples


def data_digest(paths: Sequence[Path], config: FeatureConfig) -> str:
    """SHA-256 of the training files and the feature configuration."""
    digest = hashlib.sha256(json.dumps(config.to_dict(), sort_keys=True).encode())
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def prepare_examples(
    examples: Sequence[Example], analyzer: Analyzer, config: FeatureConfig
) -> list[PreparedExample]:
    """Featurise examples exactly as `NluPipeline` featurises live messages."""
    prepared = []
    for example in examples:
        message = prepare_message(example.text)
        features = extract_features(message.normalized, message.entities, analyzer, config)
        prepared.append(PreparedExample(example, message, features))
    return prepared


def build_vocabulary(rows: Sequence[Mapping[str, float]]) -> dict[str, int]:
    """Features seen in at least `MIN_FEATURE_COUNT` examples, in sorted order."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    return {name: column for column, name in enumerate(kept)}


def to_matrix(rows: Sequence[Mapping[str, float]], vocabulary: Mapping[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for row in rows:
        for name, value in row.items():
            if name in vocabulary:
                indices.append(vocabulary[name])
                data.append(value)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)), dtype=np.float64)


def fit_linear(matrix: Any, labels: np.ndarray, estimator: str, c: float) -> Any:
    """A deterministic linear classifier (one weight row per class)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    if estimator == "linear_svm":
        return LinearSVC(C=c, max_iter=20000, random_state=SEED).fit(matrix, labels)
    return LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit(matrix, labels)


def out_of_fold_scores(
    rows: Sequence[Mapping[str, float]], labels: np.ndarray, estimator: str, c: float
) -> np.ndarray:
    """Decision scores of each example from a model that did not see it (vocabulary included)."""
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros((len(rows), int(labels.max()) + 1))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_index, held_index in folds.split(np.zeros(len(labels)), labels):
        vocabulary = build_vocabulary([rows[i] for i in train_index])
        fitted = fit_linear(to_matrix([rows[i] for i in train_index], vocabulary), labels[train_index],
                            estimator, c)
        held = fitted.decision_function(to_matrix([rows[i] for i in held_index], vocabulary))
        scores[np.ix_(held_index, fitted.classes_)] = held
    return scores


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature with the lowest negative log-likelihood (grid search)."""
    def nll(temperature: float) -> float:
        probabilities = softmax(scores / temperature)
        return float(-np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12)))

    return float(min(TEMPERATURES, key=nll))


def decision_accuracy(
    prepared: Sequence[PreparedExample], probabilities: np.ndarray, classes: Sequence[str], threshold: float
) -> float:
    """Accuracy of the full decision (rules + model + threshold) against the labels."""
    correct = 0
    for item, row in zip(prepared, probabilities, strict=True):
        by_intent = dict(zip(classes, row, strict=True))
        decision = decide(item.message.normalized, item.message.entities, by_intent, threshold)
        correct += decision.intent == item.example.intent
    return correct / max(1, len(prepared))


def choose_threshold(
    prepared: Sequence[PreparedExample], probabilities: np.ndarray, classes: Sequence[str]
) -> tuple[float, float]:
    """The UNKNOWN threshold with the best out-of-fold decision accuracy; among equals the
    highest, so that as many doubtful messages as cost nothing become UNKNOWN."""
    best = (-1.0, 0.0)
    for threshold in THRESHOLDS:
        accuracy = decision_accuracy(prepared, probabilities, classes, float(threshold))
        if accuracy >= best[0] - 1e-12:
            best = (accuracy, float(threshold))
    return best[1], best[0]


@dataclass(frozen=True)
class CandidateScore:
    estimator: str
    c: float
    scores: np.ndarray
    temperature: float
    model_accuracy: float
    decision_accuracy: float


def score_candidate(
    prepared: Sequence[PreparedExample], labels: np.ndarray, classes: Sequence[str], estimator: str, c: float
) -> CandidateScore:
    """Out-of-fold scores, temperature and accuracies of one (estimator, C)."""
    scores = out_of_fold_scores([item.features for item in prepared], labels, estimator, c)
    temperature = fit_temperature(scores, labels)
    decision = decision_accuracy(prepared, softmax(scores / temperature), classes, 0.0)
    return CandidateScore(estimator, c, scores, temperature, float(np.mean(scores.argmax(axis=1) == labels)),
                          decision)


def train_model(prepared: Sequence[PreparedExample], config: FeatureConfig, digest: str) -> IntentModel:
    """Cross-validate, calibrate and fit the final model on all `prepared` examples.

    BLAS runs on one thread here: multi-threaded sums differ in the last bits between runs.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _train_model(prepared, config, digest)


def _train_model(prepared: Sequence[PreparedExample], config: FeatureConfig, digest: str) -> IntentModel:
    classes = sorted({item.example.intent.value for item in prepared})
    labels = np.array([classes.index(item.example.intent.value) for item in prepared])
    candidates = [score_candidate(prepared, labels, classes, name, c) for name, c in CANDIDATES]
    best = max(candidates, key=lambda candidate: candidate.decision_accuracy)
    threshold, decision_cv = choose_threshold(prepared, softmax(best.scores / best.temperature), classes)
    rows = [item.features for item in prepared]
    vocabulary = build_vocabulary(rows)
    final = fit_linear(to_matrix(rows, vocabulary), labels, best.estimator, best.c)
    created = datetime.now(UTC)
    return IntentModel(
        version=f"{created:%Y%m%d}-{digest[:8]}",
        classes=tuple(classes),
        vocabulary=vocabulary,
        coef=np.round(final.coef_, 6).astype(np.float32),
        intercept=np.round(final.intercept_, 6).astype(np.float32),
        temperature=best.temperature,
        unknown_threshold=threshold,
        feature_config=config,
        metadata={
            "created_at": created.isoformat(timespec="seconds"),
            "training_data_sha256": digest,
            "training_examples": len(prepared),
            "estimator": best.estimator,
            "c": best.c,
            "cv_folds": FOLDS,
            "cv": [{"estimator": x.estimator, "c": x.c, "model_accuracy": round(x.model_accuracy, 4),
                    "decision_accuracy": round(x.decision_accuracy, 4), "temperature": round(x.temperature, 4)}
                   for x in candidates],
            "cv_decision_accuracy": round(decision_cv, 4),
        },
    )
