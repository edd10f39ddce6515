"""Personal data never leaves a turn unmasked: pure helpers for logs and training data (seed 000 §8.6).

Users are children. Phone numbers, card numbers, resident registration numbers (주민등록번호), e-mail addresses and
raw messenger user ids are replaced by placeholders before anything is logged or stored for training, and a
platform user id is only ever shown as a keyed, stable pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import re

# Order matters: the longest, most specific patterns first, so a card number is not half-eaten as a phone number.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[EMAIL]"),
    # 주민등록번호: YYMMDD-GNNNNNN, G in 1-8 (8 covers foreigners' numbers), with or without the hyphen
    (re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?-?\s?[1-8]\d{6}(?!\d)"), "[RRN]"),
    # card numbers: 13-19 digits, optionally grouped by spaces or hyphens
    (re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)"), "[CARD]"),
    # Korean phone numbers: mobile 01x and area codes 02, 0xx, with or without separators; +82 forms too
    (re.compile(r"(?:\+82[ -]?|(?<!\d)0)(?:1[016789]|2|[3-6][1-5]|70)[ .-]?\d{3,4}[ .-]?\d{4}(?!\d)"), "[PHONE]"),
    # LINE user/group/room ids: U/C/R followed by 32 hex digits
    (re.compile(r"\b[UCR][0-9a-f]{32}\b"), "[LINE_ID]"),
)

# Event keys whose values are raw identifiers or secrets and are never shown, whatever they look like.
SENSITIVE_KEYS = frozenset(
    {
        "external_user_id", "external_id", "platform_user_id", "line_user_id", "bot_user_key", "botUserKey",
        "userId", "user_id_raw", "reply_token", "replyToken", "authorization", "password", "token",
        "channel_secret", "access_token", "card_number", "phone", "phone_number", "email",
    }
)


def mask_pii(text: str) -> str:
    """Replace every phone, card, resident registration number, e-mail and LINE id in ``text`` by a placeholder."""
    if not text:
        return text
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text


def pseudonymous_key(secret: str, platform: str, external_id: str) -> str:
    """A stable key for one messenger account that cannot be turned back into the platform's id.

    HMAC-SHA256 with a server-side secret (``PSEUDONYM_SECRET``): the same account always gets the same key, so
    operators can follow one child's conversation without ever seeing who it is.
    """
    digest = hmac.new(secret.encode(), f"{platform}:{external_id}".encode(), hashlib.sha256).hexdigest()
    return f"{platform[:2]}_{digest[:20]}"


def mask_value(value: object) -> object:
    """Mask strings, and strings inside lists, tuples and dicts, recursively."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, dict):
        return {k: "[REDACTED]" if k in SENSITIVE_KEYS else mask_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(mask_value(v) for v in value)
    return value
