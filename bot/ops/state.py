"""What the operator console keeps for its life: accounts, the cookie signer, the sign-in limiter, live streams."""

from __future__ import annotations

import time
import weakref
from collections import deque
from dataclasses import dataclass, field

from bot.ops.security import Accounts, Signer

SESSION_COOKIE = "naviyam_ops"
LOGIN_COOKIE = "naviyam_ops_login"


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per address in ``window_s`` (in memory, per process: a light brake)."""

    def __init__(self, attempts: int = 5, window_s: float = 300.0, max_addresses: int = 10_000) -> None:
        self.attempts, self.window_s, self.max_addresses = attempts, window_s, max_addresses
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.get(address, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def blocked(self, address: str, now: float | None = None) -> bool:
        return len(self._recent(address, now or time.monotonic())) >= self.attempts

    def failed(self, address: str, now: float | None = None) -> None:
        now = now or time.monotonic()
        if len(self._failures) >= self.max_addresses and address not in self._failures:
            self._failures.pop(next(iter(self._failures)))
        failures = self._recent(address, now)
        failures.append(now)
        self._failures[address] = failures

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)


@dataclass
class OpsState:
    accounts: Accounts
    signer: Signer
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    streams: weakref.WeakSet = field(default_factory=weakref.WeakSet)  # live SSE responses, closed at shutdown

    @classmethod
    def create(cls, operator_token: str, session_secret: str | None = None) -> OpsState:
        return cls(accounts=Accounts.parse(operator_token), signer=Signer(session_secret or operator_token))
