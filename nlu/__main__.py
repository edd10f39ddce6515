"""`python -m nlu`: stream JSON lines (CONTRACTS §5), or train / activate / eval models.

    python -m nlu                      stdin lines → one JSON object per line on stdout
    python -m nlu train [--extra FILE] [--activate]
    python -m nlu activate VERSION
    python -m nlu versions
    python -m nlu eval [--file nlu/data/test.jsonl]

Only results go to stdout; logs, the JVM and reports of `train` go to stderr (`eval` and
`versions` print their report on stdout, as they are not streams).
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

from nlu.classifier import ModelNotFound, activate_version, active_version, available_versions
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

    version = train_and_report(args.data, args.extra, args.test, args.models_dir)
    if args.activate or not _has_active(args.models_dir):
        activate_version(version, args.models_dir)
        print(f"activated {version}", file=sys.stderr)
    print(version)
    return 0


def run_activate(args: argparse.Namespace) -> int:
    try:
        activate_version(args.version, args.models_dir)
    except (ModelNotFound, ValueError) as error:
        print(f"error: {error}; available: {', '.join(available_versions(args.models_dir))}", file=sys.stderr)
        return 1
    print(f"active model version: {args.version}", file=sys.stderr)
    return 0


def run_versions(args: argparse.Namespace) -> int:
    active = active_version(args.models_dir) if _has_active(args.models_dir) else None
    for version in available_versions(args.models_dir):
        print(f"{'*' if version == active else ' '} {version}")
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


def _has_active(models_dir: Path) -> bool:
    try:
        return active_version(models_dir) in available_versions(models_dir)
    except ModelNotFound:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nlu", description=__doc__.split("\n")[0])
    parser.set_defaults(handler=run_stream)
    models = argparse.ArgumentParser(add_help=False)
    models.add_argument("--models-dir", type=Path, default=NluConfig.from_env().models_dir)
    commands = parser.add_subparsers(dest="command")
    train = commands.add_parser("train", parents=[models], help="train a new model version")
    train.add_argument("--data", type=Path, default=DATA_DIR / "train.jsonl")
    train.add_argument("--extra", type=Path, help="reviewed corrections (JSON lines) added to --data")
    train.add_argument("--test", type=Path, default=DATA_DIR / "test.jsonl")
    train.add_argument("--activate", action="store_true", help="make the new version active")
    train.set_defaults(handler=run_train)
    activate = commands.add_parser("activate", parents=[models], help="switch the active model version")
    activate.add_argument("version")
    activate.set_defaults(handler=run_activate)
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
