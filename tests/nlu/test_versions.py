"""Model versions: recorded in ml_training.model_versions, exactly one active, switched and rolled back by
``python -m nlu``, followed by running web processes without a restart or a dropped request, and a retrained model
that scores lower on the held-out split than the active one is never activated."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.app import create_app
from bot.keys import DISPATCHER
from nlu.classifier import active_version, load_model
from nlu.pipeline import NluPipeline
from nlu.train_command import may_activate, score_version
from nlu.version_registry import describe
from storage import model_versions
from storage.config import PROJECT_ROOT
from tests.cli.privacy_scan import buffered_turns
from tests.nlu.shared_pipeline import shared_pipeline

SHIPPED = PROJECT_ROOT / "nlu" / "models"
TEST_FILE = PROJECT_ROOT / "nlu" / "data" / "test.jsonl"


def _models(tmp_path: Path, *names: str) -> Path:
    """A models directory holding copies of the shipped version under ``names``; the first is ACTIVE."""
    target = tmp_path / "models"
    for name in names:
        shutil.copytree(SHIPPED / active_version(SHIPPED), target / name)
    (target / "ACTIVE").write_text(names[0] + "\n")
    return target


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"  # model_versions.version is VARCHAR(20)


@pytest.fixture
async def forget_versions(pg_pool):
    """Versions a test records are removed afterwards (the session database is shared)."""
    names: list[str] = []
    yield names
    async with pg_pool.acquire() as conn:
        await conn.execute("DELETE FROM ml_training.model_versions WHERE version = ANY($1::text[])", names)


def _nlu(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nlu", *args], capture_output=True, text=True, env=env,
                          cwd=PROJECT_ROOT, timeout=timeout, check=False)


@pytest.fixture
def nlu_env(settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NLU_")}
    env.update(DATABASE_URL=settings.database_url, PYTHONPATH=str(PROJECT_ROOT), NLU_WARM_UP_SECONDS="0.1")
    return env


async def test_exactly_one_version_is_active_even_when_two_activate_at_once(pg_pool, tmp_path, forget_versions):
    models = _models(tmp_path, a := _name("one-a"), b := _name("one-b"))
    forget_versions += [a, b]
    async with pg_pool.acquire() as first, pg_pool.acquire() as second:
        for name in (a, b):
            await model_versions.record_version(first, describe(models, name))
        await asyncio.gather(model_versions.activate(first, a), model_versions.activate(second, b))
        active = await first.fetch("SELECT version FROM ml_training.model_versions WHERE model_type = 'nlu'"
                                   " AND is_active")
        assert len(active) == 1 and active[0]["version"] in (a, b)
        assert await model_versions.activate(first, a) in (b, None)
        assert await model_versions.active_version(first) == a
        rows = {r.version: r for r in await model_versions.list_versions(first)}
        assert rows[a].deployment_status == "production" and rows[a].test_accuracy == pytest.approx(0.9541)
        with pytest.raises(model_versions.VersionNotRecorded):
            await model_versions.activate(first, "not-recorded")
        assert await model_versions.active_version(first) == a  # a failed activation changes nothing


async def test_activate_and_rollback_write_the_database_and_the_active_file(pg_pool, tmp_path, nlu_env,
                                                                            forget_versions):
    models = _models(tmp_path, a := _name("cli-a"), b := _name("cli-b"))
    forget_versions += [a, b]
    assert _nlu(nlu_env, "activate", a, "--models-dir", str(models)).returncode == 0
    switched = _nlu(nlu_env, "activate", b, "--models-dir", str(models))
    assert switched.returncode == 0, switched.stderr
    assert f"{b} (was {a})" in switched.stderr and "0.9541" in switched.stderr
    async with pg_pool.acquire() as conn:
        assert await model_versions.active_version(conn) == b
    assert (models / "ACTIVE").read_text().strip() == b
    listed = _nlu(nlu_env, "versions", "--models-dir", str(models)).stdout
    assert f"* {b}" in listed and f"  {a}" in listed and "production" in listed
    back = _nlu(nlu_env, "rollback", "--models-dir", str(models))
    assert back.returncode == 0, back.stderr
    async with pg_pool.acquire() as conn:
        assert await model_versions.active_version(conn) == a
    assert (models / "ACTIVE").read_text().strip() == a
    missing = _nlu(nlu_env, "activate", "not-here", "--models-dir", str(models))
    assert missing.returncode == 1 and "not found" in missing.stderr


def test_a_model_that_scores_lower_is_not_activated(tmp_path):
    models = _models(tmp_path, "good")
    shipped = load_model(models, "good")
    worse = replace(shipped, version="worse", coef=np.where(np.arange(shipped.coef.shape[0])[:, None] % 2 == 0,
                                                             shipped.coef, 0).astype(np.float32))
    worse.save(models)
    pipeline = shared_pipeline()
    good_score = score_version(pipeline, models, "good", TEST_FILE)
    worse_score = score_version(pipeline, models, "worse", TEST_FILE)
    assert worse_score < good_score
    assert not may_activate(worse_score, good_score)
    assert may_activate(good_score, good_score) and may_activate(good_score, None)
    assert not may_activate(None, good_score)


async def test_activating_a_version_under_load_drops_nothing_and_swaps_the_model(
        aiohttp_client, settings, demo_data, pg_pool, tmp_path, redis_url, nlu_env, forget_versions):
    models = _models(tmp_path, a := _name("hot-a"), b := _name("hot-b"))
    forget_versions += [a, b]
    async with pg_pool.acquire() as conn:
        await model_versions.record_version(conn, describe(models, a))
        await model_versions.activate(conn, a)
    base = shared_pipeline()
    pipeline = NluPipeline(base.analyzer, load_model(models, a),
                           replace(base.config, models_dir=models, reload_interval_s=0.2))
    client = await aiohttp_client(create_app(settings, nlu_pipeline=pipeline))
    user, statuses, stop = f"web-hot-{uuid.uuid4().hex}", [], asyncio.Event()

    async def keep_asking(worker: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            response = await client.post("/api/v1/chat", json={
                "user_id": user, "message": f"치킨 먹고 싶어 {worker}-{count}"})
            statuses.append(response.status)
            await response.read()

    load = [asyncio.create_task(keep_asking(i)) for i in range(4)]
    await asyncio.sleep(1.0)
    activated = await asyncio.to_thread(_nlu, nlu_env, "activate", b, "--models-dir", str(models))
    assert activated.returncode == 0, activated.stderr
    service = client.app[DISPATCHER].nlu
    for _ in range(100):
        if service.model_version == b:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # and some more requests on the new model
    stop.set()
    await asyncio.gather(*load)
    assert service.model_version == b and service.pipeline.analyzer is base.analyzer  # the JVM is shared
    assert len(statuses) > 20 and set(statuses) == {200}
    # the four first requests race for the user's session, so the turns may sit in several buffer shards: read
    # them in the order they were answered
    turns = sorted(buffered_turns(redis_url, _key(settings, user)), key=lambda turn: turn.timestamp)
    versions = [turn.model_version for turn in turns]
    assert versions[0] == a and versions[-1] == b
    # once swapped, never back: only the turns already in flight at the swap (at most one per request loop) may
    # have started before a turn answered by the new model and still been answered by the old one
    first_new = versions.index(b)
    assert versions[first_new:].count(a) <= 4


def _key(settings, external_id: str) -> str:
    from storage.privacy import pseudonymous_key

    return pseudonymous_key(settings.pseudonym_secret, "web", external_id)


async def test_retraining_with_corrections_never_activates_a_lower_score(pg_pool, tmp_path, nlu_env, forget_versions):
    """One real training run (a minute or two): shipped data + an --extra file + the review queue's corrections."""
    models = _models(tmp_path, current := _name("active"))
    forget_versions.append(current)
    held_out = json.loads(TEST_FILE.read_text(encoding="utf-8").splitlines()[0])["text"]
    async with pg_pool.acquire() as conn:
        await model_versions.record_version(conn, describe(models, current))
        await model_versions.activate(conn, current)
        correction = f"급식카드 포인트 언제 충전돼 {uuid.uuid4().hex[:4]}"
        for text, intent in ((correction, "BALANCE_CHARGE"), (held_out, "UNKNOWN")):
            await conn.execute(
                "INSERT INTO chatbot.nlu_training_data (input_text, predicted_intent, true_intent, review_status,"
                " reviewed_by, reviewed_at) VALUES ($1, 'UNKNOWN', $2, 'corrected', 'op', now())", text, intent)
    extra = tmp_path / "extra.jsonl"
    example = {"text": "잔액 충전은 매달 언제야", "intent": "BALANCE_CHARGE"}
    extra.write_text(json.dumps(example, ensure_ascii=False) + "\n")
    trained = await asyncio.to_thread(_nlu, nlu_env, "train", "--extra", str(extra), "--activate", "--models-dir",
                                      str(models), timeout=900)
    assert trained.returncode in (0, 3), trained.stderr
    version = trained.stdout.strip()
    forget_versions.append(version)
    assert "whose text is in the held-out test file" in trained.stderr
    assert f"new {version} " in trained.stderr and f"active {current} " in trained.stderr
    async with pg_pool.acquire() as conn:
        row = await conn.fetchrow("SELECT performance_metrics, training_data_stats FROM ml_training.model_versions"
                                  " WHERE version = $1", version)
        active = await model_versions.active_version(conn)
    new_score, old_score = row["performance_metrics"]["test_accuracy"], row["performance_metrics"][
        "compared_test_accuracy"]
    assert row["training_data_stats"]["reviewed_corrections"] >= 2
    assert row["training_data_stats"]["total_samples"] >= 1559 + 2  # shipped + extra + the usable correction
    if trained.returncode == 0:
        assert new_score >= old_score and active == version == active_version(models)
    else:
        assert new_score < old_score and active == current == active_version(models)
