"""Multi-turn rules (pure): what a turn means given the previous one, before the intent table is asked.

Rules, first that applies:
1. a shop button (postback ``shop_id=N``) → ``select``;
2. ``EMERGENCY_FOOD`` always goes to its handler (food before anything else, even mid-onboarding);
3. onboarding in progress and this message answers (or skips) the question → ``onboarding``;
   "내 입맛 알려줄게" → ``onboarding_start``;
4. a group waiting for its head count and a number of people → ``group``;
5. shops were shown and this is a pick ("1번", "두 번째 갈래", "{가게} 갈래요") → ``select``;
   a 👍/👎 → ``feedback``;
6. shops were shown and "다른 데는?" without a new food → ``more``;
7. the last answer was for a group and this turn adds a budget or a food ("1인당 만원으로") → ``group``;
otherwise the NLU intent decides (and the recommendation handlers refine the previous wish themselves).
"""

from __future__ import annotations

import re

from handlers.common import last_follow_up, shown_shops
from handlers.turn import Turn
from nlu.types import Intent

ORDINAL_WORDS = {"첫": 1, "한": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5}
_ORDINAL = re.compile(r"(?<!\d)([1-9])\s?번(?:\s?째)?|(첫|두|세|네|다섯|둘|셋|넷)\s?(?:번\s?)?째|(마지막)")
_PICK_VERB = r"(?:갈래|갈게|가자|갈거|할래|할게|할거|선택|먹을래|먹을게|먹자|정했|찜|콜|ㄱㄱ|고고)"
_PICK = re.compile(
    rf"^(?:(?:[1-9]\s?번(?:\s?째)?|(?:첫|두|세|네|다섯)\s?(?:번\s?)?째)(?:\s?(?:가게|집|거|꺼|곳))?(?:으로|로|요|이요)?"
    rf"(?:\s?{_PICK_VERB}\w*)?|(?:거기|여기|그\s?(?:가게|집|곳))(?:으로|로)?\s?{_PICK_VERB}\w*)[\s.!~?요]*$"
)
_PICK_NAMED = re.compile(rf"(?:으로|로)?\s?{_PICK_VERB}\w*[\s.!~요]*$")
_THERE = re.compile(r"거기|그\s?(?:가게|집|곳|데)|여기|저기|그거")
_MORE = re.compile(
    r"다른\s?(?:데|곳|가게|집|거|건|식당|밥집)|딴\s?(?:데|곳|집|거)|또\s?(?:없|있|다른|뭐)|더\s?(?:없|보여|알려|추천|있)"
    r"|말고\s?(?:또|다른)|다음\s?(?:거|가게|꺼|곳)"
)
_LIKE = re.compile(r"^\s*(?:👍|좋아요|좋았어요?|맛있었어요?|최고(?:예요|야)?|굿)\s*[!~.]*\s*$|^\s*👍")
_DISLIKE = re.compile(r"^\s*(?:👎|별로(?:예요|야|였어요?)?|맛없었어요?|실망)\s*[!~.]*\s*$|^\s*👎")
_ONBOARD_START = re.compile(r"(?:입맛|취향)\s?(?:알려|설정|등록)")
_GROUP_REFINERS = (Intent.BUDGET_INQUIRY, Intent.FOOD_REQUEST, Intent.GROUP_DINING)
NEW_QUESTION = re.compile(r"뭐\s?먹|뭘\s?먹")  # a whole new question, not a refinement of the last one
ANY_FOOD = re.compile(r"아무거나|아무\s거나|뭐든|아무\s?음식|아무\s?데나")
_QUESTION_PARTS = ("몇", "까지", "어디", "위치", "주소", "언제", "영업", "곱빼기", "쿠폰", "옵션", "브레이크", "쉬는",
                   "가는길", "보여", "알려", "맵게", "추가", "얼마", "거기", "여기", "저기", "문열", "문닫", "시간")
_QUESTION_WORDS = frozenset({
    "해", "해요", "돼", "돼요", "되나요", "되요", "있어", "있어요", "있나요", "하나요", "열어", "열어요", "닫아",
    "닫아요", "내", "나", "제", "좀", "줘", "뭐", "그", "가게", "집", "지금", "오늘", "이제", "혹시", "근데",
    "가는", "길", "써", "쓸", "수", "있나", "되는", "않아", "거",
})


def squeeze(text: str) -> str:
    return "".join(text.split()).lower()


def ordinal(text: str) -> int | None:
    """1-based position named in ``text`` ("두 번째" → 2, "1번" → 1, "마지막" → -1), or None."""
    match = _ORDINAL.search(text)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1))
    if match.group(2):
        return ORDINAL_WORDS[match.group(2)]
    return -1


def shop_core_name(name: str) -> str:
    """"행복분식 건대점" → "행복분식": the part people type, without the branch."""
    words = name.split()
    if len(words) > 1 and (words[-1].endswith("점") or words[-1].endswith("호점")):
        words = words[:-1]
    return squeeze(" ".join(words))


def named_shop(text: str, shops: list[dict]) -> dict | None:
    """The shown shop whose name (or core name) the text contains; the longest name wins."""
    squeezed = squeeze(text)
    found = [s for s in shops if (core := shop_core_name(str(s.get("name", "")))) and len(core) >= 2
             and core in squeezed]
    return max(found, key=lambda s: len(str(s.get("name", ""))), default=None)


def referred_shop(turn: Turn) -> int | None:
    """The shop id a question points at: an ordinal, a shown shop's name, "거기" (the focus, else the first)."""
    shops = shown_shops(turn)
    position = ordinal(turn.text)
    if shops and position is not None and -len(shops) <= position <= len(shops) and position != 0:
        return int(shops[position - 1 if position > 0 else position]["id"])
    named = named_shop(turn.text, shops)
    if named is not None:
        return int(named["id"])
    focus = last_follow_up(turn).get("focus")
    if _THERE.search(turn.text) and (focus or shops):
        return int(focus or shops[0]["id"])
    return None


def name_words(text: str) -> str:
    """What is left of a question about a shop once the question words are dropped ("명동칼국수 몇 시까지 해?"
    → "명동칼국수"): the text a fuzzy name search gets."""
    words = [w for w in re.split(r"[\s?!.,~]+", text) if w]
    kept = [w for w in words if w not in _QUESTION_WORDS and not any(part in w for part in _QUESTION_PARTS)]
    return " ".join(kept)[:60]


def postback_shop(turn: Turn) -> int | None:
    data = turn.postback or ""
    if data.startswith("shop_id="):
        value = data.split("=", 1)[1]
        return int(value) if value.isdigit() else None
    return None


def is_pick(turn: Turn) -> bool:
    text = turn.text.strip()
    if _PICK.match(text):
        return True
    named = named_shop(text, shown_shops(turn))
    return named is not None and bool(_PICK_NAMED.search(text))


def feedback_rating(text: str) -> int | None:
    """5 for a 👍, 1 for a 👎, None for anything else."""
    if _LIKE.search(text):
        return 5
    if _DISLIKE.search(text):
        return 1
    return None


def route(turn: Turn) -> str | None:
    """The conversation-level route of ``turn``, or None to let the intent decide (rules in the module doc)."""
    if postback_shop(turn) is not None:
        return "select"
    if turn.nlu.intent == Intent.EMERGENCY_FOOD:
        return None
    follow = last_follow_up(turn)
    if follow.get("onboarding"):
        return "onboarding"
    if _ONBOARD_START.search(turn.text):
        return "onboarding_start"
    if follow.get("awaiting") == "people" and turn.entities.get("companion_count"):
        return "group"
    if shown_shops(turn):
        if is_pick(turn):
            return "select"
        if feedback_rating(turn.text) is not None:
            return "feedback"
        if follow.get("wish") and _MORE.search(turn.text) and not turn.entities.get("food_type"):
            return "more"
    if follow.get("topic") == "group" and turn.nlu.intent in _GROUP_REFINERS and not NEW_QUESTION.search(turn.text):
        return "group"
    return None
