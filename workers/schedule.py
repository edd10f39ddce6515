"""The schedule: which job runs on which queue, how often. One table, read by the scheduler process."""

from __future__ import annotations

from dataclasses import dataclass

from storage.queue import UPKEEP


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func_path: str
    queue: str
    cron: str  # in Asia/Seoul: the scheduler process runs with TZ set to TZ_NAME
    args: tuple = ()


SCHEDULE: tuple[ScheduledJob, ...] = (
    ScheduledJob("partitions", "workers.upkeep.create_next_partitions", UPKEEP, "17 * * * *"),
    ScheduledJob("inactive_sessions", "workers.upkeep.clean_inactive_sessions", UPKEEP, "*/15 * * * *"),
    ScheduledJob("old_sessions", "workers.upkeep.delete_old_sessions", UPKEEP, "40 3 * * *"),
)
