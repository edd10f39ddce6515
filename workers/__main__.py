"""``python -m workers failed|retry|recover``: failed jobs are visible and recoverable from a terminal.

* ``failed [--json]`` lists the failed jobs of every queue: id, queue, function, arguments (masked), when, and the
  last line of the error (``--json``: one object per line, with the whole traceback).
* ``retry ID [ID …] | --all`` puts failed jobs back on their queue with the same arguments (a push keeps its
  outbox rows, hence its X-Line-Retry-Key).
* ``recover`` hands jobs of dead workers back to RQ (``workers.recovery``) and the turn batches of dead writers
  back to the turn buffer.
"""

from __future__ import annotations

import argparse
import json
import sys

import redis

from storage.config import load_settings
from storage.failed_jobs import FailedJob, failed_jobs, retry_jobs
from storage.turn_buffer import TurnBuffer
from workers.recovery import recover_abandoned


def _print_failed(jobs: list[FailedJob], as_json: bool) -> None:
    for job in jobs:
        if as_json:
            print(json.dumps(job.__dict__, ensure_ascii=False))
        else:
            args = json.dumps(job.args, ensure_ascii=False)[:80]
            print(f"{job.job_id}  {job.queue:<7} {job.failed_at or '-'}  {job.func}({args})\n    {job.error_line}")
    if not as_json:
        print(f"{len(jobs)} failed job(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workers", description="Failed and abandoned RQ jobs.")
    commands = parser.add_subparsers(dest="command", required=True)
    failed = commands.add_parser("failed", help="list failed jobs with their error")
    failed.add_argument("--json", action="store_true", help="one JSON object per line")
    retry = commands.add_parser("retry", help="re-enqueue failed jobs")
    retry.add_argument("job_ids", nargs="*")
    retry.add_argument("--all", action="store_true")
    commands.add_parser("recover", help="requeue jobs and turn batches of dead workers")
    args = parser.parse_args(argv)
    connection = redis.Redis.from_url(load_settings().redis_url)
    if args.command == "failed":
        _print_failed(failed_jobs(connection), args.json)
    elif args.command == "retry":
        if not args.all and not args.job_ids:
            parser.error("retry needs job ids or --all")
        requeued = retry_jobs(connection, None if args.all else args.job_ids)
        print(f"requeued {len(requeued)} job(s): {' '.join(requeued)}")
        missing = set(args.job_ids) - set(requeued)
        if missing:
            print(f"not in a failed registry: {' '.join(sorted(missing))}", file=sys.stderr)
            return 1
    else:
        jobs = recover_abandoned(connection)
        turns = TurnBuffer(connection).recover()
        print(f"requeued {len(jobs)} abandoned job(s), returned {turns} turn(s) to the buffer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
