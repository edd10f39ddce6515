"""NLU benchmark: start-up time, utterances per second per core once warm, peak memory.

    .venv/bin/python bench/nlu_bench.py                      # okt, regex; inline and 2 threads
    .venv/bin/python bench/nlu_bench.py --analyzers okt komoran --seconds 20

Every measurement runs in a fresh child process, so start-up and peak RSS are its own:

* start-up: importing `nlu`, starting the analyser (the JVM), loading the model, warm-up;
* throughput: after `--settle-rounds` untimed rounds (the JIT keeps compiling for a few
  thousand calls after the start-up warm-up), `NluPipeline.analyze` called inline on the
  ~1,950 distinct messages of nlu/data/*.jsonl, round after round for `--seconds`, with the whole process (JVM threads
  included) pinned to ONE core (`sched_setaffinity`) — utterances per second per core; the
  `threads=N` rows instead run N worker threads on all cores (what a small pool would give);
* latency: p50 / p99 of single `analyze` calls during the inline run;
* peak RSS: `resource.getrusage(RUSAGE_SELF).ru_maxrss` at the end.

Prints a Markdown table (for bench/README.md) and, with --json, one JSON object per run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = (ROOT / "nlu" / "data" / "train.jsonl", ROOT / "nlu" / "data" / "test.jsonl")


def corpus() -> list[str]:
    texts = []
    for path in DATA:
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return texts


def run_child(analyzer: str, threads: int, seconds: float, settle_rounds: int) -> dict:
    """One measurement in this process (called in a fresh child)."""
    if threads == 0:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    os.environ["NLU_ANALYZER"] = analyzer
    started = time.perf_counter()
    from nlu.classifier import load_model
    from nlu.morph import start_analyzer
    from nlu.pipeline import NluConfig, NluPipeline

    config = NluConfig.from_env()
    imported = time.perf_counter()
    analyzer_obj = start_analyzer(config.analyzer, config.jvm_heap_mb, config.jvm_path)
    analyzer_ready = time.perf_counter()
    pipeline = NluPipeline(analyzer_obj, load_model(config.models_dir, config.model_version), config)
    model_ready = time.perf_counter()
    warmed = pipeline.warm_up()
    ready = time.perf_counter()
    texts = corpus()
    settle_started = time.perf_counter()
    for _ in range(settle_rounds):  # let the JIT finish compiling before measuring
        pipeline.analyze_batch(texts)
    settled = time.perf_counter() - settle_started
    measured = measure_inline(pipeline, texts, seconds) if threads == 0 else measure_threads(
        pipeline, texts, seconds, threads)
    return {
        "analyzer": analyzer_obj.name, "mode": "inline, 1 core" if threads == 0 else f"{threads} threads, all cores",
        "import_s": round(imported - started, 2), "analyzer_start_s": round(analyzer_ready - imported, 2),
        "model_load_s": round(model_ready - analyzer_ready, 3), "warm_up_s": round(ready - model_ready, 2),
        "warm_up_messages": warmed, "startup_s": round(ready - started, 2),
        "settle_s": round(settled, 1), **measured,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def measure_inline(pipeline: object, texts: list[str], seconds: float) -> dict:
    latencies, deadline = [], time.perf_counter() + seconds
    begin = time.perf_counter()
    while time.perf_counter() < deadline:
        for text in texts:
            tick = time.perf_counter()
            pipeline.analyze(text)  # type: ignore[attr-defined]
            latencies.append(time.perf_counter() - tick)
    elapsed = time.perf_counter() - begin
    latencies.sort()
    return {
        "utterances": len(latencies), "per_second": round(len(latencies) / elapsed),
        "p50_ms": round(latencies[len(latencies) // 2] * 1e3, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1e3, 3),
    }


def measure_threads(pipeline: object, texts: list[str], seconds: float, threads: int) -> dict:
    count, deadline = 0, time.perf_counter() + seconds
    begin = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        while time.perf_counter() < deadline:
            count += sum(1 for _ in pool.map(pipeline.analyze, texts, chunksize=64))  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - begin
    return {"utterances": count, "per_second": round(count / elapsed), "p50_ms": None, "p99_ms": None}


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()}"


def markdown(rows: list[dict]) -> str:
    lines = ["| analyzer | mode | utterances/s | p50 ms | p99 ms | start-up s (JVM start / model / warm-up) "
             "| peak RSS MB |", "|---|---|---:|---:|---:|---|---:|"]
    for row in rows:
        lines.append(
            f"| {row['analyzer']} | {row['mode']} | {row['per_second']} | {row['p50_ms'] or '-'} | "
            f"{row['p99_ms'] or '-'} | {row['startup_s']} ({row['analyzer_start_s']} / {row['model_load_s']} / "
            f"{row['warm_up_s']}) | {row['peak_rss_mb']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--analyzers", nargs="+", default=["okt", "regex"])
    parser.add_argument("--threads", nargs="+", type=int, default=[0, 2], help="0 = inline on one core")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--settle-rounds", type=int, default=3,
                        help="rounds over the corpus before measuring (JIT warm-up), not timed")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ANALYZER", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], int(args.child[1]), args.seconds, args.settle_rounds)))
        return 0
    rows, load_before = [], os.getloadavg()[0]
    for analyzer in args.analyzers:
        for threads in args.threads:
            command = [sys.executable, __file__, "--child", analyzer, str(threads), "--seconds", str(args.seconds),
                       "--settle-rounds", str(args.settle_rounds)]
            env = {**os.environ, "NLU_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
            output = subprocess.run(command, capture_output=True, text=True, env=env, check=True, cwd=ROOT).stdout
            rows.append(json.loads(output.strip().splitlines()[-1]))
            if args.json:
                print(json.dumps(rows[-1]), flush=True)
    print(f"machine: {machine()}; load average before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
