"""``ml_training.model_versions`` (seed 000 §9.5) for the NLU: every trained version, and which one is active.

The database is the truth about the active version when there is one: ``python -m nlu activate`` writes it here
(and the local ``nlu/models/ACTIVE`` pointer), and every web process polls :func:`active_version` to swap its
model without a restart. Exactly one version is active: activations are serialised by an advisory lock, the
trigger of 0004 deactivates the others, and the partial unique index ``uq_model_versions_one_active`` refuses a
second active row whatever happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

NLU = "nlu"
_LOCK = "ml_training.model_versions:activate"

_RECORD = """
INSERT INTO ml_training.model_versions (model_type, version, version_name, base_model, architecture,
    training_data_stats, performance_metrics, deployment_status, model_path, model_size_mb, checksum, created_by, notes)
VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, 'testing', $8, $9, $10, $11, $12)
ON CONFLICT (model_type, version) DO UPDATE SET
    base_model = EXCLUDED.base_model, architecture = EXCLUDED.architecture,
    training_data_stats = EXCLUDED.training_data_stats, performance_metrics = EXCLUDED.performance_metrics,
    model_path = EXCLUDED.model_path, model_size_mb = EXCLUDED.model_size_mb, checksum = EXCLUDED.checksum,
    notes = EXCLUDED.notes
RETURNING id
"""
_RETIRE = """
UPDATE ml_training.model_versions SET is_active = FALSE, deployment_status = 'deprecated', retired_at = now()
WHERE model_type = $1 AND is_active AND version <> $2
RETURNING version
"""
_ACTIVATE = """
UPDATE ml_training.model_versions
SET is_active = TRUE, deployment_status = 'production', deployed_at = now(), retired_at = NULL
WHERE model_type = $1 AND version = $2
RETURNING id
"""
_LIST = """
SELECT version, is_active, deployment_status, (performance_metrics->>'test_accuracy')::float8 AS test_accuracy,
       created_at, deployed_at, model_path
FROM ml_training.model_versions WHERE model_type = $1
ORDER BY created_at, version
"""


class VersionNotRecorded(LookupError):
    """The version has no row in ml_training.model_versions."""


@dataclass(frozen=True)
class VersionRow:
    version: str
    is_active: bool
    deployment_status: str | None
    test_accuracy: float | None
    created_at: datetime | None
    deployed_at: datetime | None
    model_path: str


@dataclass(frozen=True)
class NewVersion:
    """What is recorded about a trained version."""

    version: str
    model_path: str
    performance_metrics: Mapping[str, object]
    training_data_stats: Mapping[str, object]
    architecture: Mapping[str, object]
    base_model: str | None = None
    checksum: str | None = None
    size_mb: float | None = None
    created_by: str = "system"
    notes: str | None = None


async def record_version(conn, new: NewVersion, model_type: str = NLU) -> int:
    """Insert (or refresh, for a retrained identical version) the row of ``new``; its id."""
    return await conn.fetchval(
        _RECORD, model_type, new.version, new.version, new.base_model, dict(new.architecture),
        dict(new.training_data_stats), dict(new.performance_metrics), new.model_path, new.size_mb, new.checksum,
        new.created_by, new.notes)


async def activate(conn, version: str, model_type: str = NLU) -> str | None:
    """Make ``version`` the one active version; the version that was active before (None: none or the same)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", _LOCK)
        previous = await conn.fetchval(_RETIRE, model_type, version)
        if await conn.fetchval(_ACTIVATE, model_type, version) is None:
            raise VersionNotRecorded(version)
    return previous


async def active_version(conn, model_type: str = NLU) -> str | None:
    """The active version (one indexed row: cheap enough to poll)."""
    return await conn.fetchval(
        "SELECT version FROM ml_training.model_versions WHERE model_type = $1 AND is_active", model_type)


async def previous_version(conn, model_type: str = NLU) -> str | None:
    """The version deployed most recently before the active one (what a rollback returns to)."""
    return await conn.fetchval(
        """SELECT version FROM ml_training.model_versions
           WHERE model_type = $1 AND is_active IS NOT TRUE AND deployed_at IS NOT NULL
           ORDER BY deployed_at DESC LIMIT 1""", model_type)


async def list_versions(conn, model_type: str = NLU) -> list[VersionRow]:
    return [VersionRow(**dict(r)) for r in await conn.fetch(_LIST, model_type)]
