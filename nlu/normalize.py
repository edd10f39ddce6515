"""Text normalisation for chat messages typed by children and teenagers.

`normalize` turns whatever a messenger delivers into one canonical line that the
classifier and the entity extractors can rely on:

* full-width and other compatibility forms become plain ones (``５천원`` → ``5천원``,
  ``～`` → ``~``, ``㎞`` → ``km``) — but Hangul compatibility jamo (ㅋ, ㅠ, ㅇㅇ) are
  kept as they are: NFKC would turn them into conjoining jamo and glue ``ㅋㅠ`` into ``큐``;
* control and invisible format characters disappear, every run of whitespace
  becomes one space, ASCII letters are lower-cased (``KFC`` and ``kfc`` are one feature);
* laughing and crying runs are squeezed (``ㅋㅋㅋㅋㅋ`` → ``ㅋㅋ``, ``ㅠㅠㅠ`` → ``ㅠㅠ``,
  ``!!!!`` → ``!!``, ``......`` → ``...``) and elongated syllables shortened
  (``배고파아아아`` → ``배고파``, ``배고파ㅏㅏ`` → ``배고파``), and a laugh typed into the
  previous syllable is split off again (``햄버겈ㅋㅋ`` → ``햄버거ㅋㅋ``);
* a small reviewed table maps frequent teen spellings to standard ones
  (``머먹지`` → ``뭐 먹지``, ``얼마남음`` → ``얼마 남음``), see `_TEEN_SPELLINGS`;
* the result is at most `MAX_NORMALIZED_CHARS` long, so a 10,000-character paste is cheap.

Emoji are **kept** (only skin-tone modifiers and variation selectors are dropped and a
run of one emoji is squeezed to two): 😭, 🍗 or 🍕 carry intent and food signal that a
single ``<emoji>`` token would erase, and a character n-gram classifier uses them as is.
"""

from __future__ import annotations

import re
import unicodedata

MAX_RAW_CHARS = 2_000
MAX_NORMALIZED_CHARS = 500

_COMPAT_JAMO_RUN = re.compile(r"[\u3130-\u318F]+")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Mn", "Me"})
_SKIN_TONES = frozenset(chr(cp) for cp in range(0x1F3FB, 0x1F400))
_WHITESPACE = re.compile(r"\s+")
_SQUEEZE_TWO = re.compile(r"([ㅋㅎㄷㅜㅠ!?~^;])\1{2,}")
_CRYING_MIX = re.compile(r"[ㅜㅠ]{3,}")
_DOTS = re.compile(r"\.{4,}")
_SAME_SYMBOL_RUN = re.compile(r"([^\w\s.,])\1{2,}")
_MERGED_LAUGHTER = re.compile(r"([가-힣])(?=(ㅋ))")
_VOWEL_JAMO_RUN = re.compile(r"([가-힣])([ㅏ-ㅣ])+")
_ELONGATION = re.compile(r"(?<=[가-힣])([가-힣])([아어오우으이애에])\2*(?=[^가-힣]|$)")

# Vowel index (as in the Unicode syllable formula) of the one-syllable fillers 아, 어 …
_FILLER_VOWEL = {"아": 0, "애": 1, "어": 4, "에": 5, "오": 8, "우": 13, "으": 18, "이": 20}
_JAMO_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"

# Frequent teen spellings -> standard form. Reviewed by hand; each left side is long
# or specific enough not to occur inside an ordinary word. Order matters (longest first).
_TEEN_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("머먹지", "뭐 먹지"),
    ("모먹지", "뭐 먹지"),
    ("뭐먹지", "뭐 먹지"),
    ("머먹을까", "뭐 먹을까"),
    ("모먹을까", "뭐 먹을까"),
    ("뭐먹을까", "뭐 먹을까"),
    ("머먹", "뭐 먹"),
    ("모먹", "뭐 먹"),
    ("뭐먹", "뭐 먹"),
    ("머 먹", "뭐 먹"),
    ("얼마남음", "얼마 남음"),
    ("얼마남았", "얼마 남았"),
    ("얼마있", "얼마 있"),
    ("먹구싶", "먹고 싶"),
    ("먹고시퍼", "먹고 싶어"),
    ("먹구시퍼", "먹고 싶어"),
    ("먹고싶", "먹고 싶"),
    ("먹고십", "먹고 싶"),
    ("배곺아", "배고파"),
    ("배고퐈", "배고파"),
    ("배고퍼", "배고파"),
    ("배고푸다", "배고프다"),
    ("배고팡", "배고파"),
    ("배골파", "배고파"),
    ("업써", "없어"),
    ("없써", "없어"),
    ("업서", "없어"),
    ("어케", "어떻게"),
    ("어캐", "어떻게"),
    ("어떡케", "어떻게"),
    ("어뜨케", "어떻게"),
    ("왤케", "왜 이렇게"),
    ("추천좀", "추천 좀"),
    ("추천해죠", "추천해줘"),
    ("알려죠", "알려줘"),
    ("해죠", "해줘"),
    ("어딨", "어디 있"),
    ("ㄱㅅ", "감사"),
    ("ㅈㅅ", "죄송"),
    ("마넌", "만원"),
    ("처넌", "천원"),
    ("만언", "만원"),
    ("천언", "천원"),
    ("쳔", "천"),
)
_TEEN_PATTERN = re.compile("|".join(re.escape(src) for src, _ in _TEEN_SPELLINGS))
_TEEN_TABLE = dict(_TEEN_SPELLINGS)


def normalize(text: str) -> str:
    """Return the canonical form of one chat message; never raises, '' for nothing."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_RAW_CHARS]
    text = _fold_compatibility_forms(text)
    text = _drop_invisible(text)
    text = _WHITESPACE.sub(" ", text).strip().lower()
    text = _MERGED_LAUGHTER.sub(_split_merged_laughter, text)
    text = _squeeze_runs(text)
    text = _shorten_elongations(text)
    text = _TEEN_PATTERN.sub(lambda m: _TEEN_TABLE[m.group(0)], text)
    return _WHITESPACE.sub(" ", text).strip()[:MAX_NORMALIZED_CHARS].rstrip()


def compact(text: str) -> str:
    """Spacing-insensitive form: the normalised text without any whitespace.

    Teenagers space at random (``김치 찌개``, ``만 원``, ``떡볶이먹고싶어``); lexicon look-ups
    that should not depend on spacing compare compact forms.
    """
    return _WHITESPACE.sub("", normalize(text))


def _fold_compatibility_forms(text: str) -> str:
    """NFKC everything except Hangul compatibility jamo, then undo stray conjoining jamo."""
    pieces: list[str] = []
    last = 0
    for run in _COMPAT_JAMO_RUN.finditer(text):
        pieces.append(unicodedata.normalize("NFKC", text[last : run.start()]))
        pieces.append(run.group(0))
        last = run.end()
    pieces.append(unicodedata.normalize("NFKC", text[last:]))
    return "".join(pieces).translate(_CONJOINING_TO_COMPAT)


def _drop_invisible(text: str) -> str:
    """Remove control, format, private-use and combining characters; tabs/newlines → space."""
    kept = []
    for char in text:
        if char in "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029":
            kept.append(" ")
        elif unicodedata.category(char) not in _DROPPED_CATEGORIES and char not in _SKIN_TONES:
            kept.append(char)
    return "".join(kept)


def _squeeze_runs(text: str) -> str:
    """Squeeze ㅋㅋㅋ/ㅠㅠㅠ/!!!/~~~ to two, dots to an ellipsis, emoji runs to two."""
    text = _SQUEEZE_TWO.sub(r"\1\1", text)
    text = _CRYING_MIX.sub(lambda m: m.group(0)[:2], text)
    text = _DOTS.sub("...", text)
    return _SAME_SYMBOL_RUN.sub(r"\1\1", text)


def _split_merged_laughter(match: re.Match[str]) -> str:
    """햄버겈ㅋㅋ → 햄버거ㅋㅋ: a ㅋ typed fast lands as the final consonant of the syllable.

    Only ㅋ: Korean words that end in a ㅋ final (부엌) are rare, while ㅎ finals are common (좋).
    """
    syllable, laughter = match.group(1), match.group(2)
    final = _final_index(syllable)
    return chr(ord(syllable) - final) + laughter if final == 24 else syllable


def _shorten_elongations(text: str) -> str:
    """Drop vowel fillers that only stretch the previous syllable (배고파아아 → 배고파)."""
    text = _VOWEL_JAMO_RUN.sub(_drop_matching_jamo, text)
    return _ELONGATION.sub(_drop_filler, text)


def _drop_matching_jamo(match: re.Match[str]) -> str:
    syllable, run = match.group(1), match.group(0)[1:]
    vowel = _JAMO_VOWELS[_vowel_index(syllable)]
    if _final_index(syllable) == 0 and set(run) == {vowel} and vowel not in "ㅜㅠ":
        return syllable
    return match.group(0)


def _drop_filler(match: re.Match[str]) -> str:
    syllable, filler = match.group(1), match.group(2)
    elongates = _final_index(syllable) == 0 and _vowel_index(syllable) == _FILLER_VOWEL[filler]
    return syllable if elongates else match.group(0)


def _vowel_index(syllable: str) -> int:
    return ((ord(syllable) - 0xAC00) % 588) // 28


def _final_index(syllable: str) -> int:
    return (ord(syllable) - 0xAC00) % 28


def _conjoining_to_compat_table() -> dict[int, str]:
    """Map each conjoining jamo back to the compatibility jamo that NFKC made it from."""
    table: dict[int, str] = {}
    for code in range(0x3131, 0x318F):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and 0x1100 <= ord(folded) <= 0x11FF:
            table.setdefault(ord(folded), chr(code))
    return table


_CONJOINING_TO_COMPAT = _conjoining_to_compat_table()
