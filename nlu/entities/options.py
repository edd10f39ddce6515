"""Menu options asked for: 곱빼기, 덜 맵게, 치즈 추가, 순살, 소스 따로, 대/중/소 …

Each rule is a pattern and the option it stands for (``{0}`` is the first captured word). Matches
may not overlap: the earliest, then the longest wins (``안 매운맛`` is 안 맵게, not 매운맛).
Options come out in the order they are written, each once. Conventions: more cheese or sauce is
``치즈 추가``/``소스 추가``; more rice, soup or food is ``밥 많이``/``국물 많이``/``양 많이``;
spiciness levels are ``N단계``; sizes are ``대``/``중``/``소``/``라지``.
"""

from __future__ import annotations

import re

_ADDABLE = (
    "라면사리|우동사리|쫄면사리|치즈사리|당면사리|사리|공기밥|공깃밥|밥|계란|달걀|떡|면|당면|소스|치즈|햄|어묵|만두"
    "|음료|감자|고기|패티|베이컨|토핑|샷|펄|휘핑|야채|소시지|김|파|마늘|우동|라면|콘|옥수수|새우|오뎅"
)
_REMOVABLE = (
    "오이|양파|파|고수|단무지|피클|마늘|고추|청양고추|깻잎|당근|버섯|땅콩|새우|견과류|콩|햄|치즈|소스|마요|마요네즈"
    "|케찹|케첩|김치|고기|계란|면|떡|국물|얼음|설탕|시럽|휘핑|펄|토마토|양상추|올리브|참깨|깨"
)
_DRINKS = "사이다|콜라|제로\\s?콜라|환타|스프라이트|음료|커피|아이스티"
# "안 매운 거", "덜 매운 메뉴" ask for a kind of dish, not for an option of one.
_NOT_A_DISH = r"(?!\s?(?:거|것|걸|음식|메뉴|데|곳|집|가게))"

_OPTION_RULES: tuple[tuple[str, str], ...] = (
    (r"곱빼기|곱배기|곱베기|곱빽이|곱뻬기", "곱빼기"),
    (r"양념\s?반\s?후라이드\s?반|후라이드\s?반\s?양념\s?반|반\s?반(?:\s?치킨)?", "반반"),
    (r"순살|boneless", "순살"),
    (r"(?<![가-힣])뼈(?:\s?있는|\s?있게|\s?치킨|로|\s?로)", "뼈"),
    (
        rf"(?:하나도|아예|전혀)?\s?안\s?(?:맵게|매운{_NOT_A_DISH}|맵|매워)|맵지\s?않게|맵기\s?빼|not\s?spicy|no\s?spice",
        "안 맵게",
    ),
    (
        rf"덜\s?(?:맵게|매운{_NOT_A_DISH}|맵|매워)|(?:조금만|약간|살짝)\s?맵게|맵기\s?(?:낮|줄)|less\s?spicy|mild",
        "덜 맵게",
    ),
    (r"(?:더|아주|엄청|완전|제일|많이|개)\s?맵게|맵게\s?(?:해|해줘|해주세요|주세요)|(?:extra|more)\s?spicy", "더 맵게"),
    (r"순한\s?맛|순하게", "순한맛"),
    (r"매운\s?맛", "매운맛"),
    (r"맵기\s?(?:조절|선택|조정)", "맵기 조절"),
    (r"(?:맵기\s?)?(\d)\s?단계", "{0}단계"),
    (r"(치즈|소스)\s?(?:추가|토핑|많이|올려|넣어|더)", "{0} 추가"),
    (r"치즈\s?토핑\s?추가|(?:extra|add)\s?cheese", "치즈 추가"),
    (rf"(?<![가-힣])({_ADDABLE})\s?(?:추가|하나\s?더|넣어|\s?더\s?(?:주세요|줘|넣어))", "{0} 추가"),
    (r"(?<![가-힣])(양|밥|국물|면)\s?(?:많이|넉넉|듬뿍|많게|곱빼기로)", "{0} 많이"),
    (r"(?<![가-힣])(양|밥|국물|면)\s?(?:적게|조금만|조금|적당히|덜)", "{0} 적게"),
    (rf"(?<![가-힣])({_REMOVABLE})\s?(?:빼고|빼\s?주세요|빼주세요|빼줘|빼\s?줘|빼서|없이|제외|넣지\s?마)", "{0} 빼고"),
    (r"(소스|국물|양념|드레싱|소금)\s?따로", "{0} 따로"),
    (r"(?<![가-힣])대(?:자|짜|\s?사이즈)", "대"),
    (r"(?<![가-힣])중(?:자|짜|\s?사이즈)", "중"),
    (r"(?<![가-힣])소(?:자|짜|\s?사이즈)", "소"),
    (r"라지|large|엘\s?사이즈|큰\s?사이즈", "라지"),
    (r"사이즈\s?업|사이즈업", "사이즈 업"),
    (r"(?<![\d가-힣])(1|반)\s?인분(?=만|\s?(?:가능|돼|되|주문|시켜|포장))", "{0} 인분"),
    (rf"({_DRINKS})\s?(?:으로|로)\s?(?:변경|바꿔|교체|바꿀)", "{0}로 변경"),
    (r"제로\s?콜라|콜라\s?제로", "제로 콜라"),
    (r"세트(?=\s?(?:로|메뉴로|변경|추가|업))", "세트"),
    (r"단품", "단품"),
    (r"(?<![가-힣])(양념|후라이드|간장|마늘)(?=\s?(?:으로|로)(?![가-힣]{2}))", "{0}"),
)
_COMPILED = tuple((re.compile(pattern), option) for pattern, option in _OPTION_RULES)
_SPELLING = {"공깃밥": "공기밥", "달걀": "계란", "오뎅": "어묵", "케첩": "케찹", "1 인분": "1인분"}


def parse_menu_options(text: str) -> list[str]:
    """Menu options in the order written, each once (see the module docstring)."""
    if not isinstance(text, str) or not text:
        return []
    text = text.lower()[:2_000]
    spans: list[tuple[int, int, str]] = []
    for pattern, option in _COMPILED:
        for match in pattern.finditer(text):
            spans.append((match.start(), match.start() - match.end(), _option_name(option, match)))
    options: list[str] = []
    taken_until = 0
    for start, negative_length, option in sorted(spans):
        if start < taken_until:
            continue
        taken_until = start - negative_length
        if option not in options:
            options.append(option)
    return options


def _option_name(option: str, match: re.Match[str]) -> str:
    """Fill the option template with the captured word, in its usual spelling."""
    if "{0}" not in option:
        return option
    word = re.sub(r"\s+", " ", match.group(1))
    word = _SPELLING.get(word, word)
    name = option.format(word)
    return _SPELLING.get(name, name).replace("제로 콜라로 변경", "제로 콜라")
