"""`python -m nlu` as users run it: a subprocess, stdin in, JSON lines out, nothing else."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nlu.classifier import active_version

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "nlu" / "data"
LINES = [
    "5천원으로 점심 뭐 먹지?",
    "",
    "   ",
    "ㅋㅋㅋㅋ",
    "😂😂😂",
    "돈이 없는데 배고파요",
    "'; DROP TABLE users; --",
    "I like turtles",
    "가" * 10_000,
    "\x01\x02\x03",
    "친구 3명이랑 나까지 넷이서 먹을 곳",
    "급식카드 잔액 얼마 남았어?",
]


def run_nlu(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NLU_WARM_UP_SECONDS": "0.1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "nlu", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env=environment, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def streamed() -> subprocess.CompletedProcess:
    return run_nlu(stdin="\n".join(LINES).encode("utf-8") + b"\n", env={"NLU_LOG_LEVEL": "DEBUG"})


def test_one_json_line_per_input_line_in_order(streamed: subprocess.CompletedProcess) -> None:
    assert streamed.returncode == 0, streamed.stderr.decode()
    out_lines = streamed.stdout.decode("utf-8").split("\n")
    assert out_lines[-1] == ""  # every line ends with a newline, nothing after
    results = [json.loads(line) for line in out_lines[:-1]]
    assert [r["text"] for r in results] == LINES
    for result in results:
        assert set(result) == {"text", "intent", "confidence", "entities"}
        assert 0.0 <= result["confidence"] <= 1.0
        assert isinstance(result["entities"], dict)


def test_streamed_intents(streamed: subprocess.CompletedProcess) -> None:
    intents = [json.loads(line)["intent"] for line in streamed.stdout.decode("utf-8").splitlines()]
    assert intents[0] == "BUDGET_INQUIRY"
    assert intents[1:5] == ["UNKNOWN"] * 4
    assert intents[5] == "EMERGENCY_FOOD"
    assert intents[6] == "UNKNOWN"
    assert intents[9] == "UNKNOWN"
    assert intents[10] == "GROUP_DINING"
    assert intents[11] == "BALANCE_CHECK"


def test_logs_go_to_stderr_only(streamed: subprocess.CompletedProcess) -> None:
    assert b"nlu loaded" in streamed.stderr  # DEBUG logging was on, yet stdout held only JSON
    for line in streamed.stdout.decode("utf-8").splitlines():
        assert line.startswith("{") and line.endswith("}")


def test_invalid_utf8_crlf_and_a_missing_final_newline() -> None:
    completed = run_nlu(stdin=b"\xff\xfe broken\r\n\xea\xb0\x80\r\nlast line without newline")
    assert completed.returncode == 0, completed.stderr.decode()
    results = [json.loads(line) for line in completed.stdout.decode("utf-8").splitlines()]
    assert [r["text"] for r in results] == ["\ufffd\ufffd broken", "가", "last line without newline"]


def test_empty_stdin_gives_empty_stdout() -> None:
    completed = run_nlu(stdin=b"")
    assert completed.returncode == 0
    assert completed.stdout == b""


def test_no_jvm_falls_back_to_the_regex_analyzer() -> None:
    completed = run_nlu(stdin="돈이 없는데 배고파요\n".encode(), env={"NLU_JVM_PATH": "/nonexistent/libjvm.so"})
    assert completed.returncode == 0, completed.stderr.decode()
    assert json.loads(completed.stdout)["intent"] == "EMERGENCY_FOOD"
    assert b"regex fallback" in completed.stderr


def test_importing_the_nlu_starts_no_jvm() -> None:
    code = "import nlu.pipeline, nlu.__main__, nlu.training, jpype; print(jpype.isJVMStarted())"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert completed.stdout.strip() == b"False"


def test_eval_prints_the_report() -> None:
    completed = run_nlu("eval", "--file", str(DATA / "test.jsonl"))
    assert completed.returncode == 0, completed.stderr.decode()
    report = completed.stdout.decode("utf-8")
    for needle in ("intent accuracy", "precision", "recall", "confusion matrix", "BUDGET_INQUIRY", "budget",
                   "companion_count", "food_type", "time_preference", "location"):
        assert needle in report


def test_activate_and_versions(tmp_path: Path) -> None:
    shipped = ROOT / "nlu" / "models"
    version = active_version(shipped)
    shutil.copytree(shipped / version, tmp_path / version)
    shutil.copytree(shipped / version, tmp_path / "older")
    assert run_nlu("activate", "older", "--models-dir", str(tmp_path)).returncode == 0
    assert (tmp_path / "ACTIVE").read_text().strip() == "older"
    listed = run_nlu("versions", "--models-dir", str(tmp_path)).stdout.decode()
    assert "* older" in listed and f"  {version}" in listed
    refused = run_nlu("activate", "no-such-version", "--models-dir", str(tmp_path))
    assert refused.returncode == 1 and b"not found" in refused.stderr
    assert run_nlu("activate", "../escape", "--models-dir", str(tmp_path)).returncode == 1
    assert (tmp_path / "ACTIVE").read_text().strip() == "older"


def _small_data_set(path: Path, per_intent: int) -> Path:
    taken: dict[str, int] = {}
    lines = []
    for line in (DATA / "train.jsonl").read_text(encoding="utf-8").splitlines():
        intent = json.loads(line)["intent"]
        if taken.get(intent, 0) < per_intent:
            taken[intent] = taken.get(intent, 0) + 1
            lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_writes_a_versioned_deterministic_artifact(tmp_path: Path) -> None:
    data = _small_data_set(tmp_path / "small.jsonl", per_intent=10)
    extra = tmp_path / "reviewed.jsonl"
    extra.write_text(json.dumps({"text": "급식카드 포인트 언제 들어와", "intent": "BALANCE_CHARGE",
                                 "entities": {}}, ensure_ascii=False) + "\n", encoding="utf-8")
    outputs = []
    for run in ("a", "b"):
        completed = run_nlu("train", "--data", str(data), "--extra", str(extra), "--test", str(data),
                            "--models-dir", str(tmp_path / run), timeout=600)
        assert completed.returncode == 0, completed.stderr.decode()
        outputs.append(completed.stdout.decode().strip())
        assert b"intent accuracy" in completed.stderr and b"cross-validation" in completed.stderr
    assert outputs[0] == outputs[1]  # same data, same version id
    version = outputs[0]
    assert (tmp_path / "a" / "ACTIVE").read_text().strip() == version  # the first version is activated
    first, second = (np.load(tmp_path / run / version / "weights.npz") for run in ("a", "b"))
    assert np.array_equal(first["coef"], second["coef"])
    description = json.loads((tmp_path / "a" / version / "model.json").read_text())
    assert description["training_examples"] == 121
    assert 0.0 <= description["unknown_threshold"] <= 1.0
