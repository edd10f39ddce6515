"""What food the user asked for, as SQL can filter it: shop categories and menu-name terms (pure).

The 13 fixed categories filter shops (``중국집`` = ``중식``); a dish filters menus by name (``짜장`` → menus
containing "짜장": 짜장면, 간짜장, 짜장밥) at the kinds of shop that sell it, and falls back to the dish's main
category (``떡볶이`` → ``분식``) when no shop sells the dish right now. Anything this table does not know is
looked up in the NLU's food lexicon (category) and used as a menu term as written.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = (
    "한식", "중식", "일식", "양식", "치킨", "피자", "패스트푸드",
    "분식", "카페/디저트", "도시락/죽", "프랜차이즈", "기타음식", "편의점",
)

# Words that name a category (a kind of shop), not a dish.
CATEGORY_WORDS: dict[str, str] = {
    "한식": "한식", "한식당": "한식", "밥집": "한식", "백반": "한식", "한국음식": "한식",
    "중식": "중식", "중국집": "중식", "중국음식": "중식", "중식당": "중식",
    "일식": "일식", "일식집": "일식", "일본음식": "일식",
    "양식": "양식", "양식집": "양식", "레스토랑": "양식",
    "치킨": "치킨", "치킨집": "치킨", "통닭": "치킨",
    "피자": "피자", "피자집": "피자",
    "패스트푸드": "패스트푸드", "패스트 푸드": "패스트푸드",
    "분식": "분식", "분식집": "분식",
    "카페": "카페/디저트", "디저트": "카페/디저트", "카페/디저트": "카페/디저트", "빵집": "카페/디저트",
    "도시락": "도시락/죽", "도시락/죽": "도시락/죽", "죽": "도시락/죽", "죽집": "도시락/죽",
    "프랜차이즈": "프랜차이즈", "기타음식": "기타음식", "편의점": "편의점",
}

# Dishes: (the kinds of shop that sell them, menu-name terms). The kinds keep the SQL walk short (a shop of
# another kind is skipped before its menus are read); the first is the fallback when no menu matches.
_BUNSIK = ("분식", "편의점", "프랜차이즈", "한식")
DISHES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "짜장면": (("중식", "분식"), ("짜장",)), "짜장": (("중식", "분식"), ("짜장",)),
    "자장면": (("중식", "분식"), ("짜장",)),
    "짬뽕": (("중식",), ("짬뽕",)), "탕수육": (("중식",), ("탕수육",)), "마라탕": (("중식",), ("마라",)),
    "마라샹궈": (("중식",), ("마라",)), "볶음밥": (("중식", "도시락/죽", "한식"), ("볶음밥",)),
    "떡볶이": (_BUNSIK, ("떡볶이",)), "떡볶": (_BUNSIK, ("떡볶이",)), "떡뽁이": (_BUNSIK, ("떡볶이",)),
    "김밥": (_BUNSIK, ("김밥",)), "라면": (_BUNSIK, ("라면",)), "쫄면": (_BUNSIK, ("쫄면",)),
    "라볶이": (_BUNSIK, ("라볶이",)), "튀김": (("분식", "양식"), ("튀김",)), "순대": (("한식", "분식"), ("순대",)),
    "돈까스": (("일식", "분식", "프랜차이즈", "도시락/죽", "양식"), ("까스", "가스")),
    "돈가스": (("일식", "분식", "프랜차이즈", "도시락/죽", "양식"), ("까스", "가스")),
    "초밥": (("일식",), ("초밥",)), "라멘": (("일식",), ("라멘",)), "우동": (("일식", "분식", "프랜차이즈"), ("우동",)),
    "덮밥": (("일식", "분식", "프랜차이즈"), ("덮밥",)), "카레": (("일식", "기타음식", "프랜차이즈"), ("카레",)),
    "햄버거": (("패스트푸드", "편의점"), ("버거",)), "버거": (("패스트푸드", "편의점"), ("버거",)),
    "국밥": (("한식",), ("국밥",)), "순대국": (("한식",), ("순대국",)), "찌개": (("한식",), ("찌개",)),
    "김치찌개": (("한식",), ("김치찌개",)), "된장찌개": (("한식",), ("된장찌개",)), "비빔밥": (("한식",), ("비빔밥",)),
    "제육": (("한식", "분식", "도시락/죽", "편의점", "프랜차이즈"), ("제육",)),
    "제육볶음": (("한식", "분식", "도시락/죽", "편의점", "프랜차이즈"), ("제육",)),
    "냉면": (("한식",), ("냉면",)), "칼국수": (("한식",), ("칼국수",)), "불고기": (("한식", "패스트푸드"), ("불고기",)),
    "파스타": (("양식",), ("파스타", "스파게티")), "스파게티": (("양식",), ("파스타", "스파게티")),
    "샐러드": (("양식", "카페/디저트"), ("샐러드",)), "샌드위치": (("카페/디저트", "편의점"), ("샌드위치",)),
    "토스트": (("패스트푸드", "카페/디저트"), ("토스트",)), "쌀국수": (("기타음식",), ("쌀국수",)),
}


@dataclass(frozen=True)
class FoodWish:
    """``label`` as the user said it. SQL filters shops on ``categories`` and, for a dish, menus on
    ``menu_terms``; when no menu matches, the dish falls back to its first category alone."""

    label: str
    categories: tuple[str, ...] = ()
    menu_terms: tuple[str, ...] = ()

    @property
    def is_dish(self) -> bool:
        return bool(self.menu_terms)


def _lexicon_category(term: str) -> str | None:
    """The NLU lexicon's category of a food term; None when the lexicon is not there or does not know it."""
    try:
        from nlu.entities.food import food_category
    except ImportError:  # the NLU is optional for this table
        return None
    try:
        return food_category(term)
    except Exception:
        return None


def food_wish(food_type: str | None) -> FoodWish | None:
    """The filter for the NLU entity ``food_type`` (``짜장면``, ``중국집``, ``분식`` …); None when absent."""
    if not food_type or not str(food_type).strip():
        return None
    term = str(food_type).strip()
    key = term.replace(" ", "")
    if key in CATEGORY_WORDS or term in CATEGORY_WORDS:
        return FoodWish(term, (CATEGORY_WORDS.get(key) or CATEGORY_WORDS[term],))
    if key in DISHES:
        categories, terms = DISHES[key]
        return FoodWish(term, categories, terms)
    category = _lexicon_category(term)
    return FoodWish(term, (category,) if category in CATEGORIES else (), (key,))


def same_food(a: FoodWish | None, b: FoodWish | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.categories, a.menu_terms) == (b.categories, b.menu_terms)
