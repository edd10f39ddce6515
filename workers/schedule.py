"""The schedule: which job runs on which queue, how often. One table, read by the scheduler process.

Cron fields are in Asia/Seoul (the scheduler process runs with TZ set to TZ_NAME). Every job here is safe to run
twice (see each job's module), which is what makes two schedulers started by mistake harmless on top of the
per-slot lock in ``workers.scheduler``.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.queue import ALERTS, COUPONS, LOGS, UPKEEP


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func_path: str
    queue: str
    cron: str
    args: tuple = ()


SCHEDULE: tuple[ScheduledJob, ...] = (
    # seed 000 §5.4, real-time sync
    ScheduledJob("shop_status", "workers.upkeep.refresh_shop_status", UPKEEP, "* * * * *"),
    ScheduledJob("popularity", "workers.upkeep.update_popularity", UPKEEP, "*/5 * * * *"),
    # seed 000 §5.3 scenario 1: balances every 5 minutes, the scan a minute after each sync
    ScheduledJob("balance_sync", "workers.alerts.sync_balances", ALERTS, "*/5 * * * *"),
    ScheduledJob("low_balance_scan", "workers.alerts.scan_low_balances", ALERTS, "1-59/5 * * * *"),
    ScheduledJob("alert_flag_reset", "workers.alerts.reset_alert_flags", ALERTS, "3 * * * *"),
    ScheduledJob("push_dispatch", "workers.pushes.dispatch_due_pushes", ALERTS, "* * * * *"),
    # coupons
    ScheduledJob("coupon_expiry", "workers.coupon_expiry.expire_coupons", COUPONS, "*/10 * * * *"),
    ScheduledJob("coupon_expiry_notices", "workers.coupon_expiry.send_expiry_notices", COUPONS, "*/15 * * * *"),
    # seed 002: partitions ahead of time, session clean-up and retention
    ScheduledJob("partitions", "workers.upkeep.create_next_partitions", UPKEEP, "17 * * * *"),
    ScheduledJob("inactive_sessions", "workers.upkeep.clean_inactive_sessions", UPKEEP, "*/15 * * * *"),
    ScheduledJob("old_sessions", "workers.upkeep.delete_old_sessions", UPKEEP, "40 3 * * *"),
    # privacy: users who unfollowed 30 days ago and never came back
    ScheduledJob("departed_users", "workers.retention.delete_departed_users", UPKEEP, "50 3 * * *"),
    # safety nets: turns waiting without a flush job, jobs of killed workers
    ScheduledJob("turn_log_sweep", "workers.turn_logging.sweep_turns", LOGS, "* * * * *"),
    ScheduledJob("abandoned_jobs", "workers.recovery.requeue_abandoned_jobs", UPKEEP, "* * * * *"),
)
