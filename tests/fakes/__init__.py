"""Fakes of the external messenger APIs — the only fakes the test suite may use.

* ``FakeLineApi`` — LINE Messaging API: reply, push, loading animation (``line_api``).
* ``FakeKakaoApi`` — Kakao chatbot Event API and skill callback URLs (``kakao_api``).
* ``validate_skill_response`` — Kakao skill response limits, for our synchronous answers too.
* pytest fixtures ``fake_line_api`` / ``fake_kakao_api`` live in ``fixtures``.
"""

from .kakao_api import FakeKakaoApi
from .kakao_schema import validate_skill_response
from .line_api import FakeLineApi
from .line_schema import validate_messages as validate_line_messages

__all__ = ["FakeKakaoApi", "FakeLineApi", "validate_line_messages", "validate_skill_response"]
