"""The budget in a message, in won: ``5천원``, ``오천원``, ``5,000원``, ``1.5만원``, ``만원짜리 한장`` …

How a mention is recognised
  * an amount written with digits and/or sino-Korean numerals and 십/백/천/만 units,
    optionally followed by 원 (or won/krw), see `numerals.parse_korean_number`;
  * digits with a unit (``5천``, ``2만``) count as money unless a counter follows
    (``5천명``, ``1만보``); plain digits (``5000``) need 원, a budget cue (``5000으로``,
    ``5000 이하``) or to be a round standalone amount ≥ 1000; Korean numerals alone
    (``오천``, ``만오천``) need 원 or a budget cue and must start a word, so ``사천짜장``,
    ``이만 가볼게`` and ``추천 원해`` are not money;
  * times, phone numbers, dates, ordinals and other counted things are never money
    (``3시``, ``010-1234-5678``, ``2명``, ``1번``, ``10분``, ``2층``, ``20살``, ``3개``,
    ``2인분``, ``5km``);
  * ``N원대`` is its lower bound (``5천원대`` → 5000); ``만원짜리 한장``/``만원 두장``
    multiply by the number of notes; ``1인당 만원`` is the per-person amount (10000).

Which mention is the budget when there are several (`choose_budget`)
  the highest-scoring one, the first among equals:
  per-person amount (``1인당 만원``, ``만원씩``) (5) > amount with a spending limit (``으로``,
  ``이하``, ``까지``, ``안으로``, ``만 쓸래``) (4) > amount the user has (``있어``, ``밖에``,
  ``남았어``, ``예산``, ``N장``) (3) > plain amount (2) > the lower end of a range
  ``5천~만원`` (1). So ``만원 있는데 오천원으로 먹을래`` → 5000.
Amounts that are no budget at all are dropped: coupons and discounts (``3천원 쿠폰``), extra
charges (``곱빼기 천원 추가``), money already spent or paid in (``만원 썼는데``,
``10만원 들어온 거``, ``5만원 충전``). Amounts under 100 won or over 1,000,000 won are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.entities.numerals import ARABIC, NATIVE_PATTERN, native_number, parse_korean_number

MIN_BUDGET = 100
MAX_BUDGET = 1_000_000

_SINO = "[일이삼사오육칠팔구]"
_UNIT_GROUP = rf"(?:(?:{ARABIC})\s?|{_SINO})?[십백천만]+"
_AMOUNT = re.compile(rf"{_UNIT_GROUP}(?:\s?{_UNIT_GROUP})*(?:\s?(?:{ARABIC})(?=\s?(?:원|won|krw)))?|(?:{ARABIC})")
_NOT_MONEY_SPANS = re.compile(  # phone numbers, clock times, dates, measures
    r"(?<!\d)(?:\d{2,4}-\d{3,4}-\d{4}|\d{1,2}:\d{2}|\d{2,4}[./-]\d{1,2}[./-]\d{1,2}"
    r"|\d+(?:\.\d+)?\s?(?:km|m|cm|kg|g|kcal|l|ml|%)(?![a-z]))"
)
_WON = re.compile(r"\s?(?:원|won|krw|냥)(?!래|조|픽|룸|숭|피스|형|시\b)")
_THOUSAND_K = re.compile(r"k(?![a-z])")
_WANT = re.compile(r"(?:해|하|함|했|한)")
_COUNTER = re.compile(
    r"(?:시간|시|분|초|명|번|층|살|세|개|인분|인(?!데|지|가|거|것)|일|월|년|주|호|등|위|학년|반|동"
    r"|회|차|장|마리|병|잔|그릇|판|조각|줄|캔|점|배|달|박|평|보|달러|엔|프로|퍼)"
    r"|\s(?:명|시간|시|분|개|번|층|살|인분|년|마리|개월)(?![가-힣])"
)
_NOTES = re.compile(rf"\s?(?:짜리|권)?\s?({NATIVE_PATTERN}|\d+)\s?장")
_LIMIT_CUE = re.compile(
    r"\s?(?:으로|로|이하|이내|미만|까지|안으로|안에서|안쪽|안에|내로|내에서|아래|밑으로|선에서|한도|이면|면"
    r"|에\s?맞춰|만\s?(?:쓰|쓸|써)|(?:만|정도|까지만)?\s?(?:쓰고|쓸래|쓸게|쓸\s?거))"
)
_HAVE_CUE = re.compile(r"\s?(?:밖에|뿐|있|남|가지고|갖고|들고)")
_WEAK_CUE = re.compile(r"\s?(?:정도|쯤|대|짜리|어치|씩|이요|요|이야|임|인데)|\s*[?!.~]*$")
_LEADING_AMOUNT = re.compile(r"^[\d,.\s일이삼사오육칠팔구십백천만]+(?:원)?")
_RANGE_JOIN = re.compile(r"\s?(?:~|∼|〜|-|에서|부터)\s?$")
_PER_PERSON_BEFORE = re.compile(r"(?:(?:\d+|한|1)\s?(?:인|명|사람)\s?당|인당|개인당|각자|한\s?사람에|1인)\s?$")
_BUDGET_WORD_BEFORE = re.compile(r"(?:예산|돈|잔액|가진\s?돈|용돈)\s?(?:은|이|는|이\s?)?\s?$")
# Amounts that are no budget: coupons and discounts, extra charges, money already spent or received.
_NOT_BUDGET_AFTER = re.compile(
    r"\s?(?:짜리\s?)?(?:할인|쿠폰|적립|포인트|추가)"
    r"|\s?(?:이|을|를|가|씩)?\s?(?:썼|써서|쓴|결제|냈|나갔|빠져|들어오|들어온|들어왔|입금|충전|환불|지원금)"
)
_NOT_BUDGET_BEFORE = re.compile(r"(?:추가|할인|쿠폰|충전)\s?(?:은|는|이|가|하면|되면)?\s?$")


@dataclass(frozen=True)
class MoneyMention:
    """One amount of money found in a message, with how strongly it reads as the budget."""

    amount: int
    start: int
    score: int


def parse_budget(text: str) -> int | None:
    """The budget of the message in won, or None when the message names no amount."""
    return choose_budget(find_money_mentions(text))


def choose_budget(mentions: list[MoneyMention]) -> int | None:
    """Pick the budget: the highest score wins, the first mention among equals."""
    if not mentions:
        return None
    best = max(mentions, key=lambda mention: (mention.score, -mention.start))
    return best.amount


def find_money_mentions(text: str) -> list[MoneyMention]:
    """Every amount of money in the text, in order, each scored as a budget candidate."""
    if not isinstance(text, str) or not text:
        return []
    text = _NOT_MONEY_SPANS.sub(lambda m: "#" * len(m.group(0)), text.lower()[:2_000])
    mentions: list[MoneyMention] = []
    for match in _AMOUNT.finditer(text):
        mention = _read_mention(text, match)
        if mention is not None:
            mentions.append(mention)
    return _mark_range_lows(text, mentions)


def _read_mention(text: str, match: re.Match[str]) -> MoneyMention | None:
    """Turn one numeric match into a money mention, or None when it is not money."""
    start, end = match.span()
    expression = match.group(0)
    if start > 0 and (
        text[start - 1].isdigit()
        or text[start - 1] in ".,#"
        or (text[start - 1].isascii() and text[start - 1].isalpha())
    ):
        return None
    if _is_particle_i(text, start, expression):
        without_particle = _AMOUNT.match(text, start + 1)
        return _read_mention(text, without_particle) if without_particle else None
    rest = text[end : end + 24]
    if expression[0].isdigit() and _THOUSAND_K.match(rest):
        value = parse_korean_number(expression)
        return _mention(value * 1000 if value else None, text, start, rest[1:], False)
    won = _WON.match(rest)
    if won and _WANT.match(rest, won.end()) and start > 0 and _is_hangul(text[start - 1]):
        won = None
    if not won and not _reads_as_money_without_won(text, start, expression, rest):
        return None
    value = parse_korean_number(expression)
    after = rest[won.end() :] if won else rest
    notes = _NOTES.match(after)
    if value is not None and notes:
        value *= native_number(notes.group(1)) or 1
    return _mention(value, text, start, after, bool(notes))


def _mention(value: float | None, text: str, start: int, after: str, counted_notes: bool) -> MoneyMention | None:
    """A scored mention for a whole-won amount in the budget range, else None."""
    if value is None or value != int(value) or not MIN_BUDGET <= value <= MAX_BUDGET:
        return None
    score = _score(text[:start], after, counted_notes)
    return None if score is None else MoneyMention(int(value), start, score)


def _reads_as_money_without_won(text: str, start: int, expression: str, rest: str) -> bool:
    """Decide for an amount that has no 원 after it whether it is still money."""
    has_unit = any(unit in expression for unit in "십백천만")
    counted = _COUNTER.match(rest) or (not has_unit and rest[:1] == "대")
    if counted or (rest[:1].isascii() and rest[:1].isalpha()):
        return False
    before = text[:start]
    starts_with_digit = expression[0].isdigit()
    if has_unit and starts_with_digit:
        return True
    if start > 0 and _is_hangul(text[start - 1]):
        return False
    cued = bool(_LIMIT_CUE.match(rest) or _HAVE_CUE.match(rest) or _BUDGET_WORD_BEFORE.search(before))
    if has_unit:
        bare_unit = expression.strip() in {"만", "천", "백", "십"}
        return cued or (not bare_unit and bool(_WEAK_CUE.match(rest)))
    if "₩" in before[-2:] or cued:
        return True
    value = parse_korean_number(expression) or 0
    standalone = not rest[:1] or rest[:1] in " ?!.~"
    return value >= 1000 and value % 100 == 0 and standalone


def _score(before: str, after: str, counted_notes: bool) -> int | None:
    """How strongly this amount reads as the budget (see the module docstring); None: no budget."""
    if _NOT_BUDGET_AFTER.match(after) or _NOT_BUDGET_BEFORE.search(before[-8:]):
        return None
    if _PER_PERSON_BEFORE.search(before[-10:]) or after.lstrip().startswith("씩"):
        return 5
    if _LIMIT_CUE.match(after):
        return 4
    if counted_notes or _HAVE_CUE.match(after) or _BUDGET_WORD_BEFORE.search(before[-10:]):
        return 3
    return 2


def _mark_range_lows(text: str, mentions: list[MoneyMention]) -> list[MoneyMention]:
    """Lower the score of the first amount of a range (5천~만원): the upper end is the budget."""
    marked = list(mentions)
    for index in range(len(mentions) - 1):
        low, high = mentions[index], mentions[index + 1]
        between = text[low.start : high.start]
        joined = _RANGE_JOIN.search(_LEADING_AMOUNT.sub("", between))
        if joined and low.score <= high.score:
            marked[index] = MoneyMention(low.amount, low.start, 1)
    return marked


def _is_particle_i(text: str, start: int, expression: str) -> bool:
    """``치킨이만원``: the 이 is the subject particle after a closed syllable, not 2."""
    if not expression.startswith("이") or start == 0 or not _is_hangul(text[start - 1]):
        return False
    return (ord(text[start - 1]) - 0xAC00) % 28 != 0


def _is_hangul(char: str) -> bool:
    return "가" <= char <= "힣"
