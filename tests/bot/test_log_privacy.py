"""Every log line written while children's messages flow through the bot is free of their phone, card and resident
registration numbers and of their raw platform ids (CONTRACTS §8)."""

import io
import re

from storage.logs import configure_logging
from tests.bot.conftest import KAKAO_SECRET, settle
from tests.bot.test_kakao import skill_payload
from tests.bot.test_line import new_user_id, post_line, text_event

SECRETS = "내 번호 010-2345-6789 카드 1234-5678-9012-3456 주민번호 090512-3123456 메일 kid@example.com"
PATTERNS = [re.compile(p) for p in (r"010-?2345-?6789", r"1234-?5678-?9012-?3456", r"090512-?3123456",
                                    r"kid@example\.com")]


async def test_no_personal_data_or_raw_id_reaches_a_log_line(bot_client, fake_line_api):
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    try:
        line_user = new_user_id()
        kakao_user = "bu-" + new_user_id()[1:17]
        await post_line(bot_client, [text_event(fake_line_api, line_user, f"{SECRETS} 5천원으로 뭐 먹지")])
        await settle(bot_client)
        await bot_client.post("/webhooks/kakao", json=skill_payload(SECRETS, user=kakao_user),
                              headers={"X-Skill-Secret": KAKAO_SECRET})
        await bot_client.post("/api/v1/chat", json={"user_id": "web-raw-id-7", "message": SECRETS})
    finally:
        configure_logging("console")
    logged = stream.getvalue()
    assert "turn" in logged and len(logged.splitlines()) > 5  # the turns were logged at all
    for pattern in PATTERNS:
        assert not pattern.search(logged), pattern.pattern
    for raw_id in (line_user, kakao_user, "web-raw-id-7"):
        assert raw_id not in logged
