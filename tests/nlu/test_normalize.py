"""Normalisation of teenage chat (nlu.normalize)."""

from __future__ import annotations

import pytest

from nlu.normalize import MAX_NORMALIZED_CHARS, compact, normalize


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("５천원으로 점심", "5천원으로 점심"),  # full-width digits
        ("ＫＦＣ　가자", "kfc 가자"),  # full-width Latin and ideographic space
        ("배고파～～～", "배고파~~"),
        ("…", "..."),
        ("5㎞", "5km"),
        ("ﾗｰﾒﾝ", "ラーメン"),  # half-width katakana folds too
    ],
)
def test_compatibility_forms_become_plain(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized


@pytest.mark.parametrize("jamo", ["ㅋㅋ", "ㅠㅠ", "ㅇㅇ", "ㄱㄱ", "ㅋㅋㅠㅠ", "ㅇㅋ"])
def test_compatibility_jamo_survive_nfkc(jamo: str) -> None:
    assert normalize(jamo) == jamo


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("ㅋㅋㅋㅋㅋㅋ", "ㅋㅋ"),
        ("ㅎㅎㅎㅎ", "ㅎㅎ"),
        ("배고파ㅠㅠㅠㅠㅠ", "배고파ㅠㅠ"),
        ("ㅜㅠㅜㅠㅜ", "ㅜㅠ"),
        ("진짜!!!!!", "진짜!!"),
        ("뭐지????", "뭐지??"),
        ("음......", "음..."),
        ("😭😭😭😭😭", "😭😭"),
        ("ㄷㄷㄷㄷ", "ㄷㄷ"),
    ],
)
def test_runs_are_squeezed(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("배고파아아아아", "배고파"),
        ("배고파아", "배고파"),
        ("배고파ㅏㅏㅏ", "배고파"),
        ("배고파아 치킨", "배고파 치킨"),
        ("치킨 먹고 싶어어어", "치킨 먹고 싶어"),
        ("자아", "자아"),
        ("아아 먹고 싶어", "아아 먹고 싶어"),
        ("배고파ㅠㅠ", "배고파ㅠㅠ"),  # crying is not a stretched vowel
        ("햄버겈ㅋㅋ", "햄버거ㅋㅋ"),  # laughter typed into the syllable
        ("좋ㅎㅎ", "좋ㅎㅎ"),
    ],
)
def test_elongations_are_shortened(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("머먹지", "뭐 먹지"),
        ("점심 머먹지?", "점심 뭐 먹지?"),
        ("모먹을까", "뭐 먹을까"),
        ("뭐먹", "뭐 먹"),
        ("얼마남음", "얼마 남음"),
        ("떡볶이 먹고싶어", "떡볶이 먹고 싶어"),
        ("돈이 업써", "돈이 없어"),
        ("어케 해", "어떻게 해"),
        ("마넌", "만원"),
        ("마니아", "마니아"),  # conservative: no rule touches ordinary words
        ("시퍼런", "시퍼런"),
    ],
)
def test_common_teen_spellings_are_mapped(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized


def test_whitespace_and_control_characters() -> None:
    assert normalize("  치킨\t\t먹자\n\n\r\n 지금 ") == "치킨 먹자 지금"
    assert normalize("a\x00b\x07c\u200bd\ufeffe") == "abcde"
    assert normalize("치\u200d킨") == "치킨"


def test_emoji_are_kept_without_modifiers() -> None:
    assert normalize("👍🏽 치킨 🍗") == "👍 치킨 🍗"
    assert normalize("☕️") == "☕"


def test_length_is_capped() -> None:
    normalized = normalize("치킨 먹고 싶다 " * 2000)
    assert 0 < len(normalized) <= MAX_NORMALIZED_CHARS
    assert normalized.startswith("치킨 먹고 싶다")


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("", ""),
        ("   \t\n ", ""),
        ("\x00\x01\x02", ""),
        ("😀😀😀😀", "😀😀"),
        ("ㅋㅋㅋㅋㅋㅋㅋㅋ", "ㅋㅋ"),
        ("Hello, WORLD", "hello, world"),
        ("'; DROP TABLE users; --", "'; drop table users; --"),
    ],
)
def test_bad_input_has_a_defined_result(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized


@pytest.mark.parametrize("raw", [None, 42, b"bytes", ["list"]])
def test_non_strings_never_raise(raw: object) -> None:
    assert isinstance(normalize(raw), str)  # type: ignore[arg-type]


def test_normalize_is_idempotent_on_examples() -> None:
    for raw in ["５천원으로 머먹지ㅋㅋㅋㅋ", "배고파아아아!!!!", "  친구랑   혼밥 😭😭😭 "]:
        once = normalize(raw)
        assert normalize(once) == once


def test_compact_drops_all_spacing() -> None:
    assert compact("김치 찌개  먹자") == "김치찌개먹자"
    assert compact("만 원") == compact("만원")
