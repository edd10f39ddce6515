"""High-precision rules around the classifier, and the final intent decision (`decide`).

In order, first match wins (GUIDELINES = nlu/data/GUIDELINES.md, the labelling rules):

1. unreadable input (empty, only emoji/punctuation/other scripts, only ㅋㅋ/ㅎㅎ/ㅠㅠ) and
   code or injection (SQL, script tags) → UNKNOWN, confidence 1.0 (`screen_input`);
2. a strong emergency phrase (굶, 돈 없어, 아무것도 못 먹었어, 무료 급식 …, GUIDELINES §2)
   → EMERGENCY_FOOD, confidence max(model, 0.95);
3. the card balance named as the limit of a meal (내 잔액으로 먹을 수 있는 거, §4)
   → BUDGET_INQUIRY (GROUP_DINING for a group), confidence max(family, 0.95);
4. a short hunger exclamation (배고파 죽겠어) that the model calls EMERGENCY_FOOD
   → FOOD_REQUEST (§2: hunger alone is not an emergency);
5. the model's best intent, where MENU_OPTION that is really a shop search (곱빼기 되는
   중국집 추천해줘) counts as a recommendation; inside the recommendation family
   (FOOD_REQUEST, BUDGET_INQUIRY, GROUP_DINING) the rules pick the member — 4+ people or a
   group word → GROUP_DINING, else an amount → BUDGET_INQUIRY, else FOOD_REQUEST — and the
   confidence is the family's total probability;
6. below the model's UNKNOWN threshold → UNKNOWN, confidence = the model's P(UNKNOWN);
7. EMERGENCY_FOOD precedence: if that gave GENERAL_CHAT or UNKNOWN while the model still
   gives EMERGENCY_FOOD at least `EMERGENCY_OVER_SMALL_TALK`, answer EMERGENCY_FOOD — a
   hungry child without money is never answered as small talk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nlu.types import Intent

UNREADABLE_CONFIDENCE = 1.0
RULE_CONFIDENCE = 0.95
EMERGENCY_OVER_SMALL_TALK = 0.35
GROUP_MIN_PEOPLE = 4
SHORT_HUNGER_CHARS = 10

_SMALL_TALK = frozenset({Intent.GENERAL_CHAT, Intent.UNKNOWN})
RECOMMENDATION_FAMILY = frozenset({Intent.FOOD_REQUEST, Intent.BUDGET_INQUIRY, Intent.GROUP_DINING})

_WORD_CHARACTER = re.compile(r"[가-힣a-z0-9]", re.IGNORECASE)
_CODE = re.compile(
    r"(\b(select|insert|update|delete|drop|union|alter|truncate)\b.*\b(from|into|table|set|select|where)\b)"
    r"|(['\"]\s*(or|and)\s+['\"0-9].*=)|(--\s*$)|(;\s*(drop|delete|shutdown)\b)|(<\s*/?\s*script)"
    r"|(\bsleep\s*\(\d)",
    re.IGNORECASE | re.DOTALL,
)
_NO_MONEY = re.compile(
    r"(돈|용돈|지원금|잔액|잔고)(이|은|도|가)?(하나도|한푼도|진짜|전혀|다|너무)?(없|업|읎|떨어|바닥|부족|모자라|썼|씀|제로|0원)"
    r"|돈(을|도)?(안|못)(주|받)|한푼도?없|1도없|먹을돈(이|도)?없|지갑(이|에)?(텅|비었|빈)|nomoney"
)
_HUNGER = re.compile(r"배고|배가고|굶|못먹|밥을?못|끼니|먹어야|hungry")
# Cannot pay or nothing to eat: an emergency only together with hunger (GUIDELINES §2 a).
_CANNOT_PAY = re.compile(r"카드가?안긁|결제가?안(돼|되|됨)|못사먹|못사|텅|먹을(게|것|거)(이|도)?(하나도)?없")
# A question about the card's state or top-up is BALANCE_CHECK/BALANCE_CHARGE, not hunger.
_BALANCE_QUESTION = re.compile(r"충전|입금|들어오|들어와|지급|언제|얼마|확인|[나가까]\?|인가|한지|됐는지")
_EMERGENCY = re.compile(
    "|".join((
        r"굶",
        r"(아무것도|한끼도|하루종일|이틀|사흘|며칠|[0-9]일)(째|동안)?(밥)?(을|도)?(제대로)?(못|안)먹",
        r"(이틀|사흘|며칠|[0-9]일)(째|동안)",
        r"부터(아무것도|밥)?(을)?(못|안)먹",
        r"집에먹을|먹을(게|것|거)(이|도)?하나도없",
        r"(밥|끼니|아침|점심|저녁)(을|도)?(제대로)?(못|안)먹(었|은지|음|고|어서)",
        r"무료(로)?(급식|식사|밥|도시락|식당|나눔|음식|로먹|먹)",
        r"공짜(로)?(밥|먹|식사|도시락|쿠폰)",
        r"돈(을)?안내고먹|밥(을)?(나눠|주는|주나)",
        r"(긴급|응급)(으로)?(식사|지원|급식|식량|도움|쿠폰|밥)",
        r"급식소|푸드뱅크|푸드마켓|결식|급식지원|지역아동센터|emergency_food_aid",
        r"(배고|굶).*(도와|살려)|(도와|살려).*(배고|굶)",
    ))
)
_GROUP_WORDS = re.compile(
    r"단체|회식|모임|뒷풀이|뒤풀이|파티|생파|여럿|여러명|인원(이)?많|사람(이)?많|대인원|다같이|반전체|대가족|party"
)
# Looking for a shop, not for an option of a dish in front of the user (GUIDELINES §4).
_SHOP_SEARCH = re.compile(
    r"추천|먹고싶|땡기|땡겨|(되는|해주는|파는|주는)(곳|데|집|식당|가게|중국집|분식집|치킨집)|집있(나|어|음)"
)
# The card balance named as the limit (내 잔액으로 …): BUDGET_INQUIRY without a budget amount.
_BALANCE_AS_LIMIT = re.compile(
    r"(잔액|잔고|남은돈|남은금액|카드돈|카드에남은)(으로|안에서|안으로|내에서|이내|만큼|까지|한도).*"
    r"(먹|메뉴|밥|아침|점심|저녁|야식|추천|해결|식당|가게)"
)


@dataclass(frozen=True)
class Decision:
    """The chosen intent, its confidence and the rule that decided it (None: the model)."""

    intent: Intent
    confidence: float
    rule: str | None = None


def is_unreadable(text: str) -> bool:
    """Nothing to read: empty, whitespace, only emoji/punctuation/other scripts, only ㅋㅋ/ㅠㅠ.

    Pure laughter/crying is UNKNOWN as the NLU brief asks; GUIDELINES §6 labels it
    GENERAL_CHAT (a handful of examples in nlu/data) — one of the two should change.
    """
    compact = "".join(text.split())
    if not compact:
        return True
    if _WORD_CHARACTER.search(compact):
        return False
    return not _has_meaningful_jamo(compact)


def _has_meaningful_jamo(compact: str) -> bool:
    """Jamo other than laughter/crying (ㅇㅇ, ㄱㄱ, ㅎㅇ) can carry meaning."""
    return any("ㄱ" <= char <= "ㅣ" and char not in "ㅋㅎㅠㅜㄷㅡ" for char in compact)


def looks_like_code(text: str) -> bool:
    """SQL, script tags or injection fragments: not a message for a food bot."""
    return _CODE.search(text) is not None


def has_emergency_phrase(compact: str) -> bool:
    """GUIDELINES §2: not having eaten or asking for free/emergency food; no money (unless
    it is a question about the card, 잔액 없는데 언제 충전돼?); cannot pay and hungry."""
    if _EMERGENCY.search(compact):
        return True
    hungry = _HUNGER.search(compact) is not None
    if _NO_MONEY.search(compact):
        return hungry or _BALANCE_QUESTION.search(compact) is None
    return hungry and _CANNOT_PAY.search(compact) is not None


def is_group_meal(compact: str, entities: Mapping[str, Any]) -> bool:
    """Four or more people (the user included), or, with no head count, a group word."""
    count = entities.get("companion_count")
    if isinstance(count, int):
        return count >= GROUP_MIN_PEOPLE
    return _GROUP_WORDS.search(compact) is not None


def recommendation_intent(compact: str, entities: Mapping[str, Any]) -> Intent:
    """Inside the recommendation family: group > amount (or the balance as limit) > food."""
    if is_group_meal(compact, entities):
        return Intent.GROUP_DINING
    if entities.get("budget") is not None or names_balance_as_limit(compact):
        return Intent.BUDGET_INQUIRY
    return Intent.FOOD_REQUEST


def names_balance_as_limit(compact: str) -> bool:
    """A meal limited by the card balance (내 잔액으로 먹을 수 있는 거): BUDGET_INQUIRY (§4)."""
    return _BALANCE_AS_LIMIT.search(compact) is not None


def searches_with_an_option(compact: str, entities: Mapping[str, Any]) -> bool:
    """A shop search filtered by a menu option (곱빼기 되는 중국집 추천해줘), or an option with
    a budget (치즈 추가해도 만원 안 넘는 피자): a recommendation, not MENU_OPTION (§4)."""
    return _SHOP_SEARCH.search(compact) is not None or entities.get("budget") is not None


def is_only_hungry(compact: str) -> bool:
    """A short hunger exclamation (배고파, 개배고파, 배고파 죽겠어) without an emergency phrase:
    FOOD_REQUEST with urgency, not EMERGENCY_FOOD (§2). Longer messages keep the model's
    call, so that a need the phrases miss (엄마가 …) is not talked down."""
    return (len(compact) <= SHORT_HUNGER_CHARS and _HUNGER.search(compact) is not None
            and not has_emergency_phrase(compact))


def screen_input(normalized: str) -> Decision | None:
    """UNKNOWN for input not worth analysing (unreadable or code), else None."""
    if is_unreadable(normalized):
        return Decision(Intent.UNKNOWN, UNREADABLE_CONFIDENCE, "unreadable")
    if looks_like_code(normalized):
        return Decision(Intent.UNKNOWN, UNREADABLE_CONFIDENCE, "code")
    return None


def decide(
    normalized: str,
    entities: Mapping[str, Any],
    probabilities: Mapping[str, float],
    unknown_threshold: float,
) -> Decision:
    """The final intent of one normalised message given the model's probabilities."""
    screened = screen_input(normalized)
    if screened is not None:
        return screened
    compact = "".join(normalized.split())
    emergency = probabilities.get(Intent.EMERGENCY_FOOD.value, 0.0)
    if has_emergency_phrase(compact):
        return Decision(Intent.EMERGENCY_FOOD, max(emergency, RULE_CONFIDENCE), "emergency_phrase")
    if names_balance_as_limit(compact):
        family = _family_probability(probabilities)
        return Decision(recommendation_intent(compact, entities), max(family, RULE_CONFIDENCE), "balance_as_limit")
    if is_only_hungry(compact) and max(probabilities, key=probabilities.__getitem__) == Intent.EMERGENCY_FOOD.value:
        family = _family_probability(probabilities) + emergency
        return Decision(recommendation_intent(compact, entities), family, "only_hungry")
    decision = _model_decision(compact, entities, probabilities, unknown_threshold)
    if decision.intent in _SMALL_TALK and emergency >= EMERGENCY_OVER_SMALL_TALK:
        return Decision(Intent.EMERGENCY_FOOD, emergency, "emergency_over_small_talk")
    return decision


def _model_decision(
    compact: str,
    entities: Mapping[str, Any],
    probabilities: Mapping[str, float],
    unknown_threshold: float,
) -> Decision:
    """The model's best intent, refined inside the recommendation family, thresholded."""
    best = Intent(max(probabilities, key=probabilities.__getitem__))
    confidence, rule = probabilities[best.value], None
    if best == Intent.MENU_OPTION and searches_with_an_option(compact, entities):
        best, rule = Intent.FOOD_REQUEST, "option_search"
        probabilities = {**probabilities, best.value: probabilities[best.value] + confidence}
    if best in RECOMMENDATION_FAMILY:
        refined = recommendation_intent(compact, entities)
        confidence = _family_probability(probabilities)
        rule = rule or (None if refined == best else "recommendation_family")
        best = refined
    if best != Intent.UNKNOWN and confidence < unknown_threshold:
        return Decision(Intent.UNKNOWN, probabilities.get(Intent.UNKNOWN.value, 0.0), "below_threshold")
    return Decision(best, confidence, rule)


def _family_probability(probabilities: Mapping[str, float]) -> float:
    return sum(probabilities.get(intent.value, 0.0) for intent in RECOMMENDATION_FAMILY)
