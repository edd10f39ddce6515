"""The trained intent classifier: a linear model with temperature-calibrated probabilities.

A model is a versioned directory `<models>/<version>/` holding portable files only
(no pickle, no scikit-learn needed to use it):

* `model.json`   – classes, feature configuration, temperature, UNKNOWN threshold,
                   the training data's hash and the scores measured when it was trained;
* `vocabulary.json` – the feature names, in column order;
* `weights.npz`  – `coef` (classes × features, float32) and `intercept`.

`<models>/ACTIVE` names the version in use (`python -m nlu activate VERSION`), `<models>/PREVIOUS` the one
it replaced (`python -m nlu rollback` without a database).
Prediction is a sparse dot product in NumPy: a few microseconds per message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlu.features import FeatureConfig

DEFAULT_MODELS_DIR = Path(__file__).resolve().parent / "models"
ACTIVE_FILE = "ACTIVE"
PREVIOUS_FILE = "PREVIOUS"
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class ModelNotFound(FileNotFoundError):
    """No usable model version in the models directory."""


@dataclass(frozen=True)
class IntentModel:
    """Linear intent model; `predict` gives the calibrated probability of each class."""

    version: str
    classes: tuple[str, ...]
    vocabulary: Mapping[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    temperature: float
    unknown_threshold: float
    feature_config: FeatureConfig
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def scores(self, features: Mapping[str, float]) -> np.ndarray:
        """Raw decision scores (one per class) of a sparse feature vector."""
        columns, values = [], []
        for name, value in features.items():
            column = self.vocabulary.get(name)
            if column is not None:
                columns.append(column)
                values.append(value)
        if not columns:
            return self.intercept.astype(np.float64)
        return self.coef[:, columns] @ np.asarray(values, dtype=np.float32) + self.intercept

    def predict(self, features: Mapping[str, float]) -> dict[str, float]:
        """Calibrated probability per intent name (softmax of scores / temperature)."""
        probabilities = softmax(self.scores(features).astype(np.float64) / self.temperature)
        return dict(zip(self.classes, probabilities.tolist(), strict=True))

    def save(self, models_dir: Path) -> Path:
        """Write this model as `<models_dir>/<version>/` and return that directory."""
        target = Path(models_dir) / check_version(self.version)
        target.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (target / "vocabulary.json").write_text(
            json.dumps(names, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        np.savez_compressed(target / "weights.npz", coef=self.coef.astype(np.float32),
                            intercept=self.intercept.astype(np.float32))
        (target / "model.json").write_text(
            json.dumps(self._description(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return target

    def _description(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "classes": list(self.classes),
            "temperature": self.temperature,
            "unknown_threshold": self.unknown_threshold,
            "feature_config": self.feature_config.to_dict(),
            **{key: value for key, value in self.metadata.items()},
        }


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def check_version(version: str) -> str:
    """A version id is a safe directory name (letters, digits, ``._-``)."""
    if not isinstance(version, str) or not _VERSION.match(version):
        raise ValueError(f"invalid model version {version!r}")
    return version


def load_model(models_dir: Path = DEFAULT_MODELS_DIR, version: str | None = None) -> IntentModel:
    """Load `version`, or the active one; raises `ModelNotFound`."""
    models_dir = Path(models_dir)
    version = check_version(version or active_version(models_dir))
    source = models_dir / version
    try:
        description = json.loads((source / "model.json").read_text(encoding="utf-8"))
        names = json.loads((source / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(source / "weights.npz", allow_pickle=False) as weights:
            coef, intercept = weights["coef"], weights["intercept"]
    except FileNotFoundError as error:
        raise ModelNotFound(f"model version {version} is incomplete in {models_dir}") from error
    return IntentModel(
        version=version,
        classes=tuple(description.pop("classes")),
        vocabulary={name: column for column, name in enumerate(names)},
        coef=np.ascontiguousarray(coef, dtype=np.float32),
        intercept=np.asarray(intercept, dtype=np.float32),
        temperature=float(description.pop("temperature")),
        unknown_threshold=float(description.pop("unknown_threshold")),
        feature_config=FeatureConfig.from_dict(description.pop("feature_config")),
        metadata=description,
    )


def active_version(models_dir: Path = DEFAULT_MODELS_DIR) -> str:
    """The version named in `<models_dir>/ACTIVE`; raises `ModelNotFound`."""
    pointer = Path(models_dir) / ACTIVE_FILE
    try:
        return pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError as error:
        raise ModelNotFound(f"no {ACTIVE_FILE} file in {models_dir}") from error


def available_versions(models_dir: Path = DEFAULT_MODELS_DIR) -> list[str]:
    """Every complete version in `models_dir`, oldest name first."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    return sorted(p.name for p in models_dir.iterdir() if (p / "model.json").is_file())


def activate_version(version: str, models_dir: Path = DEFAULT_MODELS_DIR) -> None:
    """Make `version` the active one (atomically replaces the `ACTIVE` pointer; the replaced version is
    remembered in `PREVIOUS`)."""
    models_dir = Path(models_dir)
    if check_version(version) not in available_versions(models_dir):
        raise ModelNotFound(f"model version {version} not found in {models_dir}")
    try:
        current = active_version(models_dir)
    except ModelNotFound:
        current = None
    if current and current != version:
        _write_pointer(models_dir, PREVIOUS_FILE, current)
    _write_pointer(models_dir, ACTIVE_FILE, version)


def previous_version(models_dir: Path = DEFAULT_MODELS_DIR) -> str | None:
    """The version the last switch replaced (`PREVIOUS`), if any."""
    try:
        return (Path(models_dir) / PREVIOUS_FILE).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _write_pointer(models_dir: Path, name: str, version: str) -> None:
    pending = models_dir / (name + ".tmp")
    pending.write_text(version + "\n", encoding="utf-8")
    pending.replace(models_dir / name)
