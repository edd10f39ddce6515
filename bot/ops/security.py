"""Who may use the operator console, and proof of it: pure functions, no aiohttp.

* Accounts: ``OPERATOR_TOKEN`` is either one shared token (the operator types a name and the token; the name is
  what the audit log records) or a list of hashed accounts, ``name=pbkdf2_sha256$ITER$SALT$HASH`` separated by
  ``;`` or ``,`` (``python -m bot.ops hash NAME`` prints one). Secrets are compared in constant time.
* Session: a cookie ``base64url(json).base64url(HMAC-SHA256)`` holding the operator, a random session id and an
  expiry. The key is derived from ``OPS_SESSION_SECRET`` when set, else from ``OPERATOR_TOKEN`` (changing the
  token signs everyone out). Stateless, so any web process behind the load balancer accepts it.
* CSRF: a token per session, ``HMAC(key, "csrf:" + session id)``; the sign-in form gets one bound to a nonce
  cookie of its own (login CSRF).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass

SESSION_TTL_S = 8 * 3600
PBKDF2_ITERATIONS = 310_000
_NAME = re.compile(r"^[\w.\-@가-힣]{1,40}$")
_HASHED = re.compile(r"^pbkdf2_sha256\$(\d+)\$([0-9a-f]+)\$([0-9a-f]{64})$")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def hash_secret(secret: str, *, salt: str | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def _check_hashed(secret: str, stored: str) -> bool:
    match = _HASHED.match(stored)
    if match is None:
        return False
    iterations, salt, expected = int(match[1]), match[2], match[3]
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt), iterations)
    return hmac.compare_digest(digest.hex(), expected)


@dataclass(frozen=True)
class Accounts:
    """The operators allowed in: one shared token, or named accounts with hashed tokens."""

    shared_token: str | None
    hashed: dict[str, str]

    @classmethod
    def parse(cls, operator_token: str) -> Accounts:
        entries = [e.strip() for e in re.split(r"[;,]", operator_token) if e.strip()]
        hashed = {}
        for entry in entries:
            name, _, stored = entry.partition("=")
            if _HASHED.match(stored.strip()) and valid_name(name.strip()):
                hashed[name.strip()] = stored.strip()
        if hashed and len(hashed) == len(entries):
            return cls(shared_token=None, hashed=hashed)
        return cls(shared_token=operator_token, hashed={})

    def check(self, name: str, token: str) -> bool:
        """True when ``token`` lets ``name`` in (CPU-bound for hashed accounts: call it off the event loop)."""
        if not valid_name(name) or not token:
            return False
        if self.shared_token is not None:
            given = hashlib.sha256(token.encode()).digest()
            return hmac.compare_digest(given, hashlib.sha256(self.shared_token.encode()).digest())
        stored = self.hashed.get(name)
        if stored is None:
            _check_hashed(token, hash_secret("decoy", salt="00" * 16))  # same work whether the name exists or not
            return False
        return _check_hashed(token, stored)


@dataclass(frozen=True)
class Session:
    operator: str
    session_id: str
    expires_at: int


class Signer:
    """Signs and checks session cookies and CSRF tokens with one derived key."""

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), b"naviyam-ops-session-v1", hashlib.sha256).digest()

    def _mac(self, message: str) -> str:
        return _b64(hmac.new(self._key, message.encode(), hashlib.sha256).digest())

    def issue(self, operator: str, *, now: float | None = None, ttl_s: int = SESSION_TTL_S) -> tuple[Session, str]:
        session = Session(operator, secrets.token_urlsafe(18), int((now or time.time()) + ttl_s))
        body = _b64(json.dumps({"op": session.operator, "sid": session.session_id, "exp": session.expires_at},
                               separators=(",", ":"), ensure_ascii=False).encode())
        return session, f"{body}.{self._mac('session:' + body)}"

    def verify(self, cookie: str | None, *, now: float | None = None) -> Session | None:
        """The session in a cookie, or None when it is missing, forged, malformed or expired."""
        if not cookie or cookie.count(".") != 1 or len(cookie) > 1024:
            return None
        body, mac = cookie.split(".")
        if not hmac.compare_digest(mac, self._mac("session:" + body)):
            return None
        try:
            data = json.loads(_unb64(body))
            session = Session(str(data["op"]), str(data["sid"]), int(data["exp"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires_at > (now or time.time()) else None

    def csrf_token(self, session_id: str) -> str:
        return self._mac("csrf:" + session_id)

    def check_csrf(self, session_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.csrf_token(session_id))
