"""How urgently the user needs food: ``high``, ``low``, or nothing said (no key).

high — the child is hungry now, in a hurry, has not eaten, or cannot pay:
  * hunger: 배고파, 배고픈, 배고픔, 꼬르륵, 허기, 배고파서 쓰러질 …;
  * hurry: 지금 당장, 당장, 빨리, 급해, 급하게, 서둘러;
  * not eaten: 굶었어, 굶고 있어, 밥 못 먹었어, 한 끼도, 아무것도 못/안 먹었어, 이틀째, 며칠째, 3일째;
  * no money: 돈이 없어, 돈 없는데, 현금도 없어, 한 푼도 없어; money all spent (돈 다 썼어,
    용돈/지원금 다 떨어졌어) only when a meal is at stake (밥, 먹, 배고파);
  * asks for free or emergency meals: 무료 급식, 무료로 밥, 공짜로 먹을, 긴급 식사, 푸드뱅크.
  A balance that is simply empty (``잔액 없는데 언제 충전돼``) is no emergency by itself.
low — the meal is for later: 나중에, 내일, 모레, 주말에, 다음 주, 다음에, 천천히, 급하지 않아, when
  the message is about a meal (``내일 점심 뭐 먹지``; ``내일 비와?`` and ``주말에도 영업해?`` are no urgency).
high wins over low (``내일까지 굶어야 돼`` is high). Otherwise there is no urgency key: "normal"
is what the handlers assume when nothing is said.
"""

from __future__ import annotations

import re

_HIGH = re.compile(
    "|".join(
        (
            r"배\s?고(?:파|프|픈|픔|팠|퍼|팡|푸)|배가\s?고(?:파|프|픈)|꼬르륵|허기|쓰러질|hungry|starving",
            r"지금\s?당장|당장|빨리|(?<!안)(?<!안\s)(?<!않)급(?:해|함|하게|한데|합니다|해요)|서둘러|ㅃㄹ|asap",
            r"굶(?:었|고|는|어|음|은|기|을)|굶|쫄쫄|결식",
            r"(?:밥|끼|아무것도|아무\s?것도|하나도|제대로)\s?(?:을|도|를)?\s?(?:못|안)\s?(?:먹|사\s?먹|챙)",
            r"(?:못|안)\s?먹(?:었|음|은\s?지|고\s?있)|한\s?끼도|이틀\s?째|이틀\s?동안|이틀\s?됐|며칠\s?째|며칠\s?동안|(?<!\d)\d{1,3}\s?일\s?째",
            r"(?:돈|현금)(?:이|도|은)?\s?(?:진짜\s?|하나도\s?|한\s?푼도\s?|1도\s?|전혀\s?)?(?:없|업|읎|제로)"
            r"|한\s?푼도\s?없|무일푼|no\s?money|broke",
            r"(?:무료|공짜|긴급|응급)\s?(?:로|로\s?밥|으로)?\s?(?:밥|급식|식사|식당|도시락|먹|주는|지원|쿠폰|도움|나눔)",
            r"급식소|푸드\s?뱅크|먹을\s?(?:게|거|것)\s?(?:이|도)?\s?(?:하나도\s?|아무것도\s?)?없(?:어요|어|음|습니다|다|는데|어서)(?!\s?\?)|돈\s?안\s?내고"
            r"|밥\s?(?:을\s?)?줘요|밥\s?주(?:나|는|니)|나눠\s?주",
        )
    )
)
# Money all spent is urgent only when a meal is at stake (잔액 다 써서 충전해야 돼 is not).
_SPENT_ALL = re.compile(r"(?:돈|용돈|지원금|잔액|카드\s?돈)(?:이|을)?\s?다\s?(?:떨어|썼|씀|써서|나갔)")
_MEAL_AT_STAKE = re.compile(r"밥|먹|식사|끼니|배\s?고")
# Later is said about a meal; "내일 비와?" is no urgency at all.
_LOW = re.compile(r"나중에|내일|모레|주말에|다음\s?주|다음\s?에|천천히|급하지\s?않|안\s?급해|여유\s?있게")
_MEAL_TALK = re.compile(r"먹|밥|점심|저녁|아침|야식|메뉴|추천|배달|식당|맛집")


def parse_urgency(text: str) -> str | None:
    """'high', 'low' or None (nothing said) for one message."""
    if not isinstance(text, str) or not text:
        return None
    text = text.lower()[:2_000]
    if _HIGH.search(text) or (_SPENT_ALL.search(text) and _MEAL_AT_STAKE.search(text)):
        return "high"
    if _LOW.search(text) and _MEAL_TALK.search(text):
        return "low"
    return None
