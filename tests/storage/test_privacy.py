import io
import json
import logging

import pytest
import structlog

from storage.logs import configure_logging
from storage.privacy import mask_pii, pseudonymous_key


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("내 번호 010-1234-5678 이야", "[PHONE]"),
        ("01012345678로 연락줘", "[PHONE]"),
        ("집 전화 02-123-4567", "[PHONE]"),
        ("+82 10-1234-5678", "[PHONE]"),
        ("카드번호 1234-5678-9012-3456", "[CARD]"),
        ("카드 1234567890123456 잔액", "[CARD]"),
        ("주민번호 090512-3123456", "[RRN]"),
        ("0905123123456", "[RRN]"),
        ("메일 kid.kim@example.co.kr 로", "[EMAIL]"),
        ("U4af4980629f2e1b05d4a3a6d6a8bcf3b 사용자", "[LINE_ID]"),
    ],
)
def test_personal_data_is_masked(text, placeholder):
    masked = mask_pii(text)
    assert placeholder in masked
    assert not any(ch.isdigit() for ch in masked.replace("+82", "")) or placeholder == "[LINE_ID]"


@pytest.mark.parametrize("text", ["5천원으로 점심 뭐 먹지?", "10000원", "3시에 6명", "2026-11-23", "1.5만원"])
def test_ordinary_messages_are_untouched(text):
    assert mask_pii(text) == text


def test_pseudonymous_key_is_stable_and_does_not_contain_the_id():
    first = pseudonymous_key("secret", "line", "U4af4980629f2e1b05d4a3a6d6a8bcf3b")
    assert first == pseudonymous_key("secret", "line", "U4af4980629f2e1b05d4a3a6d6a8bcf3b")
    assert first != pseudonymous_key("other-secret", "line", "U4af4980629f2e1b05d4a3a6d6a8bcf3b")
    assert first != pseudonymous_key("secret", "kakao", "U4af4980629f2e1b05d4a3a6d6a8bcf3b")
    assert "4af49806" not in first


def test_log_lines_are_json_and_masked():
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    structlog.get_logger("test").info("turn", text="전화 010-9876-5432", external_user_id="Uabc", user_key="li_x")
    logging.getLogger("some.library").warning("card 1234 5678 9012 3456 declined")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["text"] == "전화 [PHONE]"
    assert lines[0]["external_user_id"] == "[REDACTED]"
    assert lines[0]["user_key"] == "li_x"
    assert "[CARD]" in lines[1]["event"]
    configure_logging("console")


def test_our_own_ids_are_not_mistaken_for_card_numbers():
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    structlog.get_logger("test").info("job_finished", job_id="8c1f2d3e-4567-4890-1234-567890123456",
                                      text="card 1234-5678-9012-3456")
    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["job_id"] == "8c1f2d3e-4567-4890-1234-567890123456"
    assert line["text"] == "card [CARD]"
    configure_logging("console")
