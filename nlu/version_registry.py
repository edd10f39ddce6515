"""Model versions as `python -m nlu train|activate|rollback|versions` manage them.

Files: one directory per version under the models directory, and its `ACTIVE` / `PREVIOUS` pointers. With
`DATABASE_URL` set (and migrated), every version is also a row of `ml_training.model_versions` and the database
is the truth about the active version: web processes poll it and swap models without a restart
(`bot.nlu_service`), while the `ACTIVE` file keeps `python -m nlu` and fresh starts on the same version.
The model files themselves must be present on every machine that serves them (they ship with the code).

The NLU library (`nlu.pipeline` and below) knows no database; only these commands do, through `storage`,
imported lazily, so that streaming with `python -m nlu` needs neither a database nor asyncpg.
"""

from __future__ import annotations

import asyncio
import getpass
import hashlib
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlu.classifier import ModelNotFound, activate_version, active_version, available_versions, previous_version


def describe(models_dir: Path, version: str, performance: dict | None = None, stats: dict | None = None,
             notes: str | None = None):
    """The `ml_training.model_versions` row of a version directory (`storage.model_versions.NewVersion`)."""
    from storage.model_versions import NewVersion

    source = Path(models_dir) / version
    meta: dict[str, Any] = json.loads((source / "model.json").read_text(encoding="utf-8"))
    weights = (source / "weights.npz").read_bytes()
    keys = ("estimator", "c", "temperature", "unknown_threshold", "feature_config", "analyzer")
    return NewVersion(
        version=version, model_path=str(source.resolve()), base_model=meta.get("estimator"),
        architecture={k: meta[k] for k in keys if k in meta},
        performance_metrics={"test_accuracy": meta.get("test_accuracy"),
                             "cv_decision_accuracy": meta.get("cv_decision_accuracy"), **(performance or {})},
        training_data_stats={"total_samples": meta.get("training_examples"), **(stats or {})},
        checksum=hashlib.sha256(weights).hexdigest(), size_mb=round(sum(
            p.stat().st_size for p in source.iterdir() if p.is_file()) / 1e6, 2),
        created_by=_user(), notes=notes)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "system"


@dataclass
class Registry:
    models_dir: Path
    database_url: str | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, models_dir: Path, use_database: bool = True) -> Registry:
        """The registry of `models_dir`, with the database of `DATABASE_URL` when set and migrated."""
        registry = cls(Path(models_dir))
        if use_database:
            from storage.config import load_settings

            url = load_settings().database_url
            if url and registry._run_on(url, _has_versions_table):
                registry.database_url = url
            elif url:
                print("warning: DATABASE_URL has no ml_training.model_versions (not migrated?): "
                      "using the models directory only", file=sys.stderr)
        return registry

    def _run_on(self, url: str, action: Callable[[Any], Awaitable[Any]]) -> Any:
        async def run() -> Any:
            from storage.db import connect

            conn = await connect(url)
            try:
                return await action(conn)
            finally:
                await conn.close()

        return asyncio.run(run())

    def _db(self, action: Callable[[Any], Awaitable[Any]], default: Any = None) -> Any:
        return self._run_on(self.database_url, action) if self.database_url else default

    def active(self) -> str | None:
        """The active version: the database's when it names one, else the `ACTIVE` file's."""
        from storage import model_versions

        return self._db(model_versions.active_version) or self._file_active()

    def _file_active(self) -> str | None:
        try:
            version = active_version(self.models_dir)
        except ModelNotFound:
            return None
        return version if version in available_versions(self.models_dir) else None

    def previous(self) -> str | None:
        from storage import model_versions

        return self._db(model_versions.previous_version) or previous_version(self.models_dir)

    def record(self, version: str, performance: dict | None = None, stats: dict | None = None,
               notes: str | None = None) -> None:
        from storage import model_versions

        row = describe(self.models_dir, version, performance, stats, notes)
        self._db(lambda conn: model_versions.record_version(conn, row))

    def activate(self, version: str) -> None:
        """Make `version` active in the database (recording it first if needed) and in the `ACTIVE` file."""
        from storage import model_versions

        if version not in available_versions(self.models_dir):
            raise ModelNotFound(f"model version {version} not found in {self.models_dir}")

        replaced = self._file_active()

        async def in_database(conn) -> None:
            recorded = {row.version for row in await model_versions.list_versions(conn)}
            for name in dict.fromkeys(v for v in (version, replaced) if v and v not in recorded):
                await model_versions.record_version(conn, describe(self.models_dir, name))  # the history stays whole
            await model_versions.activate(conn, version)

        self._db(in_database)
        activate_version(version, self.models_dir)

    def reviewed_examples(self) -> list[dict]:
        """Operators' confirmed and corrected examples of the review queue (none without a database)."""
        from storage.review import reviewed_examples

        return self._db(reviewed_examples, default=[])

    def rows(self) -> list | None:
        from storage import model_versions

        return self._db(model_versions.list_versions)


async def _has_versions_table(conn) -> bool:
    return bool(await conn.fetchval("SELECT to_regclass('ml_training.model_versions') IS NOT NULL"))
