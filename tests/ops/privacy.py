"""What the console served during the tests, checked for personal data as it comes in and kept for a last sweep.

Raw data the tests typed (phone, card and resident numbers, LINE user ids) must never come back from a console
page, a live-stream event or an export: only masks (``[PHONE]``) and pseudonymous user keys.
"""

from __future__ import annotations

import re
import uuid

from storage.privacy import mask_pii

RAW_LINE_IDS: set[str] = set()
SERVED: list[tuple[str, str]] = []

PII_TEXT = "내 번호 010-2345-6789, 카드 9410-1234-5678-9012, 주민번호 060101-3123456 인데 5천원으로 뭐 먹지?"
RAW_FRAGMENTS = ("010-2345-6789", "9410-1234-5678-9012", "060101-3123456", "01023456789")
_LINE_ID = re.compile(r"\bU[0-9a-f]{32}\b")
# Ids the console shows on purpose (pseudonymous user keys, session and job UUIDs, ISO times): the card pattern
# would mistake their digit runs for card numbers.
_NOT_PERSONAL = re.compile(r"\b[a-z]{1,3}_[0-9a-f]{20}\b|"
                           r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|"
                           r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?")


def new_line_user() -> str:
    user_id = "U" + uuid.uuid4().hex
    RAW_LINE_IDS.add(user_id)
    return user_id


def leaks(text: str) -> list[str]:
    """Every raw identifier or personal number found in ``text``."""
    found = [raw for raw in RAW_LINE_IDS | set(RAW_FRAGMENTS) if raw in text]
    found += _LINE_ID.findall(text)
    ids_removed = _NOT_PERSONAL.sub(" ", text)
    if mask_pii(ids_removed) != ids_removed:
        found.append("a phone, card, resident number or e-mail (storage.privacy patterns)")
    return found


def served(label: str, text: str) -> str:
    """Check one page / event / export now, and keep it for the sweep."""
    assert not leaks(text), f"{label} shows personal data: {leaks(text)}"
    SERVED.append((label, text))
    return text
