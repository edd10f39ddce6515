"""`python -m nlu eval`: per-intent precision/recall/F1, confusion matrix, entity accuracy.

Entity accuracy is exact match *including absence* over every example (a budget found where
none was asked counts as wrong), plus the same restricted to examples whose label has the key.
Calibration is shown as the expected calibration error (10 equal-width confidence bins).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlu.pipeline import NluPipeline
from nlu.training import Example
from nlu.types import Intent, NluResult

ENTITY_KEYS = ("budget", "companion_count", "food_type", "time_preference", "location")
INTENT_ORDER = [intent.value for intent in Intent]
_SHORT = {intent: "".join(word[:3] for word in intent.split("_")) for intent in INTENT_ORDER}


@dataclass
class EvaluationReport:
    """Counts behind the printed report."""

    total: int = 0
    correct: int = 0
    confusion: Counter = field(default_factory=Counter)
    entity_hits: Counter = field(default_factory=Counter)
    entity_present: Counter = field(default_factory=Counter)
    entity_present_hits: Counter = field(default_factory=Counter)
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    errors: list[tuple[str, str, str, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def per_intent(self, intent: str) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and support of one intent."""
        true_positive = self.confusion[(intent, intent)]
        predicted = sum(n for (_, pred), n in self.confusion.items() if pred == intent)
        support = sum(n for (gold, _), n in self.confusion.items() if gold == intent)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, support

    def expected_calibration_error(self, bins: int = 10) -> float:
        total, error = len(self.calibration), 0.0
        for index in range(bins):
            low, high = index / bins, (index + 1) / bins
            members = [(c, ok) for c, ok in self.calibration if low < c <= high or (index == 0 and c == 0)]
            if members:
                gap = sum(c for c, _ in members) / len(members) - sum(ok for _, ok in members) / len(members)
                error += abs(gap) * len(members) / total
        return error


def evaluate(pipeline: NluPipeline, examples: Sequence[Example]) -> EvaluationReport:
    """Run every example through the pipeline and count what it got right."""
    report = EvaluationReport()
    for example in examples:
        result = pipeline.analyze(example.text)
        _count(report, example, result)
    return report


def _count(report: EvaluationReport, example: Example, result: NluResult) -> None:
    gold, predicted = example.intent.value, result.intent.value
    report.total += 1
    report.correct += gold == predicted
    report.confusion[(gold, predicted)] += 1
    report.calibration.append((result.confidence, gold == predicted))
    if gold != predicted:
        report.errors.append((example.text, gold, predicted, result.confidence))
    for key in ENTITY_KEYS:
        expected: Any = example.entities.get(key)
        hit = expected == result.entities.get(key)
        report.entity_hits[key] += hit
        if expected is not None:
            report.entity_present[key] += 1
            report.entity_present_hits[key] += hit


def format_report(report: EvaluationReport, show_errors: int = 30) -> str:
    """The report as plain text for a terminal."""
    lines = [f"examples: {report.total}   intent accuracy: {report.accuracy:.4f}   "
             f"ECE: {report.expected_calibration_error():.4f}", "",
             f"{'intent':<18}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    for intent in INTENT_ORDER:
        precision, recall, f1, support = report.per_intent(intent)
        lines.append(f"{intent:<18}{precision:>10.3f}{recall:>8.3f}{f1:>8.3f}{support:>9}")
    lines += ["", "confusion matrix (rows: label, columns: prediction)", _confusion_table(report), ""]
    lines.append(f"{'entity':<18}{'exact (incl. absence)':>24}{'exact where labelled':>24}")
    for key in ENTITY_KEYS:
        present = report.entity_present[key]
        where = f"{report.entity_present_hits[key] / present:.4f} ({present})" if present else "-"
        lines.append(f"{key:<18}{report.entity_hits[key] / max(1, report.total):>24.4f}{where:>24}")
    if report.errors and show_errors:
        lines += ["", f"first {min(show_errors, len(report.errors))} of {len(report.errors)} errors:"]
        lines += [f"  {gold:<17} → {pred:<17} {conf:.3f}  {text[:60]!r}"
                  for text, gold, pred, conf in report.errors[:show_errors]]
    return "\n".join(lines)


def _confusion_table(report: EvaluationReport) -> str:
    header = " " * 10 + "".join(f"{_SHORT[intent]:>9}" for intent in INTENT_ORDER)
    rows = [header]
    for gold in INTENT_ORDER:
        counts = "".join(f"{report.confusion[(gold, pred)] or '.':>9}" for pred in INTENT_ORDER)
        rows.append(f"{_SHORT[gold]:<10}{counts}")
    return "\n".join(rows)
