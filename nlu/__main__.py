"""`python -m nlu`: stream JSON lines (CONTRACTS §5), or train / activate / eval models.

    python -m nlu                      stdin lines → one JSON object per line on stdout
    python -m nlu train [--extra FILE] [--activate]   (+ reviewed corrections when DATABASE_URL is set)
    python -m nlu activate VERSION
    python -m nlu rollback
    python -m nlu versions
    python -m nlu eval [--file nlu/data/test.jsonl]

Only results go to stdout; logs, the JVM and reports of `train` go to stderr (`eval` and
`versions` print their report on stdout, as they are not streams).

With `DATABASE_URL` set, versions are recorded in `ml_training.model_versions`, which is the truth
about the active version (running web processes follow it); `--no-db` ignores the database.
`train --activate` activates the new version only if it scores at least as well as the active one
on the held-out test file (both scores are printed; exit status 3 when refused).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nlu.classifier import ModelNotFound, available_versions
from nlu.pipeline import NluConfig, NluPipeline

DATA_DIR = Path(__file__).resolve().parent / "data"
log = logging.getLogger("nlu")


def stream(pipeline: NluPipeline, source: object, sink: object) -> int:
    """Analyse every line of `source` (bytes, UTF-8) and write one JSON line to `sink` each."""
    for raw in iter(source.readline, b""):  # type: ignore[attr-defined]
        line = raw.decode("utf-8", "replace").removesuffix("\n").removesuffix("\r")
        result = pipeline.analyze(line)
        sink.write(json.dumps(result.to_json_dict(), ensure_ascii=False).encode("utf-8") + b"\n")  # type: ignore[attr-defined]
        sink.flush()  # type: ignore[attr-defined]
    return 0


def run_stream(_: argparse.Namespace) -> int:
    pipeline = NluPipeline.load()
    try:
        return stream(pipeline, sys.stdin.buffer, sys.stdout.buffer)
    except BrokenPipeError:  # the reader went away: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run_train(args: argparse.Namespace) -> int:
    from nlu.train_command import train_and_report

    registry = _registry(args)
    trained = train_and_report(args.data, args.extra, args.test, args.models_dir, registry.reviewed_examples())
    active = registry.active()
    comparable, active_score = _active_score(trained, active, args)
    registry.record(trained.version, {"test_file": str(args.test), "compared_with": active,
                                      "compared_test_accuracy": active_score}, trained.stats)
    status = _activate_trained(registry, trained, active, comparable, active_score, args.activate)
    print(trained.version)
    return status


def _active_score(trained, active: str | None, args: argparse.Namespace) -> tuple[bool, float | None]:
    """Whether the active version could be scored on the held-out split, and its score."""
    from nlu.train_command import score_version

    if active is None or active == trained.version:
        return True, None
    if trained.test_accuracy is None:
        print(f"no held-out test file {args.test}: cannot compare with the active {active}", file=sys.stderr)
        return False, None
    try:
        score = score_version(trained.pipeline, args.models_dir, active, args.test)
    except ModelNotFound:
        print(f"the active version {active} is not in {args.models_dir}: cannot compare", file=sys.stderr)
        return False, None
    print(f"held-out accuracy on {args.test}: new {trained.version} {trained.test_accuracy:.4f}, "
          f"active {active} {score:.4f}", file=sys.stderr)
    return True, score


def _activate_trained(registry, trained, active: str | None, comparable: bool, active_score: float | None,
                      wanted: bool) -> int:
    from nlu.train_command import may_activate

    if active == trained.version:
        print(f"{trained.version} is the active version already", file=sys.stderr)
        return 0
    if active is not None and not wanted:
        print(f"not activated (add --activate); the active version stays {active}", file=sys.stderr)
        return 0
    if active is not None and not (comparable and may_activate(trained.test_accuracy, active_score)):
        print(f"not activated: {trained.version} does not score at least as well as the active {active} on the "
              f"held-out split; the active version stays {active}", file=sys.stderr)
        return 3
    registry.activate(trained.version)
    print(f"activated {trained.version}", file=sys.stderr)
    return 0


def run_activate(args: argparse.Namespace) -> int:
    registry = _registry(args)
    before = registry.active()
    try:
        registry.activate(args.version)
    except (ModelNotFound, ValueError) as error:
        print(f"error: {error}; available: {', '.join(available_versions(args.models_dir))}", file=sys.stderr)
        return 1
    scores = ", ".join(f"{v} {_recorded_accuracy(args.models_dir, v)}" for v in (args.version, before) if v)
    print(f"active model version: {args.version} (was {before or 'none'}); held-out accuracy when trained: {scores}",
          file=sys.stderr)
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    previous = _registry(args).previous()
    if not previous:
        print("error: no earlier version to roll back to", file=sys.stderr)
        return 1
    args.version = previous
    return run_activate(args)


def run_versions(args: argparse.Namespace) -> int:
    registry = _registry(args)
    active, local, rows = registry.active(), available_versions(args.models_dir), registry.rows()
    if rows is None:
        for version in local:
            print(f"{'*' if version == active else ' '} {version}")
        return 0
    for row in rows:
        accuracy = "-" if row.test_accuracy is None else f"{row.test_accuracy:.4f}"
        deployed = f"deployed {row.deployed_at:%Y-%m-%d %H:%M}" if row.deployed_at else ""
        missing = "" if row.version in local else "  (not in the models directory)"
        print(f"{'*' if row.is_active else ' '} {row.version:<20} test {accuracy}  {row.deployment_status or '-':<11}"
              f" {deployed}{missing}".rstrip())
    for version in sorted(set(local) - {row.version for row in rows}):
        print(f"{'*' if version == active else ' '} {version:<20} (not recorded in the database)")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from nlu.evaluation import evaluate, format_report
    from nlu.training import read_examples

    config = dataclasses.replace(NluConfig.from_env(), models_dir=args.models_dir)
    pipeline = NluPipeline.from_config(config)
    report = evaluate(pipeline, read_examples(args.file))
    print(f"model {pipeline.model.version}, analyzer {pipeline.analyzer.name}, file {args.file}")
    print(format_report(report))
    return 0


def _registry(args: argparse.Namespace):
    from nlu.version_registry import Registry

    try:
        return Registry.open(args.models_dir, use_database=not args.no_db)
    except Exception as error:  # the database named by DATABASE_URL did not answer
        print(f"error: database: {type(error).__name__}: {error}; --no-db works on the models directory only",
              file=sys.stderr)
        raise SystemExit(2) from error


def _recorded_accuracy(models_dir: Path, version: str) -> str:
    try:
        meta = json.loads((Path(models_dir) / version / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "-"
    return f"{meta['test_accuracy']:.4f}" if isinstance(meta.get("test_accuracy"), float) else "-"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nlu", description=__doc__.split("\n")[0])
    parser.set_defaults(handler=run_stream)
    models = argparse.ArgumentParser(add_help=False)
    models.add_argument("--models-dir", type=Path, default=NluConfig.from_env().models_dir)
    models.add_argument("--no-db", action="store_true", help="ignore DATABASE_URL: the models directory only")
    commands = parser.add_subparsers(dest="command")
    train = commands.add_parser("train", parents=[models], help="train a new model version")
    train.add_argument("--data", type=Path, default=DATA_DIR / "train.jsonl")
    train.add_argument("--extra", type=Path, help="reviewed corrections (JSON lines) added to --data")
    train.add_argument("--test", type=Path, default=DATA_DIR / "test.jsonl")
    train.add_argument("--activate", action="store_true",
                       help="make the new version active if it scores at least as well as the active one")
    train.set_defaults(handler=run_train)
    activate = commands.add_parser("activate", parents=[models], help="switch the active model version")
    activate.add_argument("version")
    activate.set_defaults(handler=run_activate)
    commands.add_parser("rollback", parents=[models], help="go back to the version active before").set_defaults(
        handler=run_rollback)
    commands.add_parser("versions", parents=[models], help="list model versions").set_defaults(
        handler=run_versions)
    evaluate = commands.add_parser("eval", parents=[models], help="score the active model on a file")
    evaluate.add_argument("--file", type=Path, default=DATA_DIR / "test.jsonl")
    evaluate.set_defaults(handler=run_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(stream=sys.stderr, level=os.environ.get("NLU_LOG_LEVEL", "INFO").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ModelNotFound as error:
        print(f"error: {error}; train one with `python -m nlu train`", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
