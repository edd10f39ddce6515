"""Cue words of each kind of request, as features for the intent classifier.

~120 training examples per intent cannot show every way to say "where is it" or "is it
open"; these hand-written lists carry that domain knowledge into the model as one feature
per cue group (`q:location`, `q:time` …). They are *features*, not rules: the model learns
how much each group counts, so a cue in the wrong context (버스 몇 번 타야 해?) costs little.

Korean cues are matched against the text without whitespace, so write them without
spaces; Latin cues match whole words of the normalised text.
"""

from __future__ import annotations

import re

CUE_GROUPS: dict[str, tuple[str, ...]] = {
    "balance": (
        "잔액", "잔고", "남은돈", "얼마남", "얼마있", "얼마나남", "남았", "남음", "사용내역", "결제내역",
        "얼마썼", "결제됐", "결제된", "balance", "left",
    ),
    "charge": (
        "충전", "입금", "들어와", "들어오", "들어온", "지급", "채우", "채워", "넣는", "넣어", "지원금",
        "한도", "하루지원", "매달", "한달에", "다음달", "top up", "charge", "refill",
    ),
    "coupon": (
        "쿠폰", "쿠퐁", "할인", "코드", "프로모션", "적립", "포인트", "이벤트", "혜택", "coupon",
        "welcome", "discount",
    ),
    "time": (
        "몇시", "시까지", "시에", "시부터", "영업", "열어", "여는", "열었", "열려", "오픈", "닫아", "닫는",
        "닫았", "닫혀", "마감", "브레이크", "브타", "쉬는", "쉬나", "쉬어", "쉬어요", "휴무", "라스트오더",
        "24시", "지금가면", "운영시간", "open", "close", "hours", "time",
    ),
    "location": (
        "어디", "위치", "주소", "가는길", "가는법", "가는방법", "찾아가", "길찾", "지도", "맵", "네비",
        "거리", "걸려", "걸어서", "몇분", "km", "미터", "몇층", "출구", "where", "address", "location",
        "far", "map",
    ),
    "menu_option": (
        "곱빼기", "곱배기", "맵게", "순한맛", "매운맛", "추가", "빼고", "빼줘", "빼주", "순살", "뼈",
        "사이즈", "라지", "대자", "중자", "소자", "사리", "토핑", "제로", "양많이", "양적게", "조금만",
        "덜", "소스", "옵션", "변경", "바꿔", "spicy", "extra", "large", "cheese",
    ),
    "greeting": (
        "안녕", "ㅎㅇ", "하이", "방가", "hello", "hi", "고마", "감사", "ㄱㅅ", "ㄳ", "땡큐", "thank",
        "thx", "잘자", "굿밤", "바이", "ㅂㅂ", "잘있어", "ok", "오키", "ㅇㅋ", "알겠", "ㅇㅇ", "ㄴㄴ",
    ),
    "about_bot": (
        "너는", "넌", "너누구", "너이름", "너뭐", "너사람", "너로봇", "ai야", "나비얌", "사용법", "도움말",
        "help", "기능", "어떻게써", "어떻게쓰", "뭘물어", "뭐할수", "놀아", "얘기하자", "말걸어", "누가만들",
        "만든사람", "답장", "대답", "느려", "늦어", "개인정보", "내정보", "저장돼", "처음인데", "처음왔",
        "무료야", "광고", "있잖아", "저기요", "bot",
    ),
    "feeling": (
        "피곤", "싫다", "싫어", "망했", "슬퍼", "우울", "기분", "짜증", "행복", "신나", "심심", "외로",
        "힘들", "사랑해", "좋아해", "보고싶", "졸려", "설레", "속상", "소풍", "생일", "방학", "맛있었",
        "잘먹었", "배불러",
    ),
    "recommend": (
        "추천", "ㅊㅊ", "먹고싶", "땡기", "땡겨", "땡김", "뭐먹", "먹을", "먹자", "맛집", "식당", "밥집",
        "가게", "갈만한", "먹을만한", "메뉴", "골라", "먹으러",
    ),
    "hunger": ("배고", "배가고", "꼬르륵", "허기", "hungry"),
    "no_money": ("돈없", "돈이없", "한푼도", "돈다떨어", "돈다썼", "돈다씀", "no money"),
    "free_meal": ("무료", "공짜", "긴급", "급식소", "푸드뱅크", "지원받", "free"),
    "group": (
        "단체", "회식", "모임", "뒷풀이", "뒤풀이", "파티", "여럿", "다같이", "인원", "명이서", "명인데",
        "people", "예약",
    ),
    "off_topic": (
        "숙제", "과제", "날씨", "비와", "우산", "미세먼지", "주식", "코인", "게임", "노래", "영화", "웹툰",
        "레시피", "끓이는", "만드는법", "번역", "코딩", "시험범위", "수학", "영어", "유튜브", "로또", "환율",
        "뉴스", "몇시야", "몇일이야", "며칠이야", "무슨요일", "사진", "신발", "옷", "급식메뉴", "해킹",
        "비밀번호", "고백", "연애", "수행평가", "독후감", "weather", "homework",
    ),
}



def _pattern(cues: tuple[str, ...], latin: bool) -> re.Pattern[str] | None:
    chosen = [re.escape(cue) for cue in cues if cue.isascii() == latin]
    if not chosen:
        return None
    return re.compile(r"\b(?:" + "|".join(chosen) + r")\b" if latin else "|".join(chosen))


_ACKNOWLEDGEMENTS = frozenset({
    "응", "웅", "엉", "어", "네", "넹", "넵", "예", "아니", "아니요", "아뇨", "그래", "좋아", "오키", "ㅇㅋ", "ㅇㅇ",
    "ㄴㄴ", "ㅇㅋㅇㅋ", "알겠어", "알았어", "굿", "대박", "헐", "오", "와", "ok", "okay", "yes", "no", "sure",
})
_ACK_NOISE = re.compile(r"[\sㅋㅎㅠㅜ!?.~^]+")
_HANGUL_PATTERNS = {group: _pattern(cues, latin=False) for group, cues in CUE_GROUPS.items()}
_LATIN_PATTERNS = {group: _pattern(cues, latin=True) for group, cues in CUE_GROUPS.items()}


def cue_groups(normalized: str) -> set[str]:
    """The cue groups with a cue in the normalised text.

    Korean cues match anywhere in the text without whitespace (spacing-insensitive);
    Latin cues (``hi``, ``top up``) match whole words only, so ``chicken`` is no ``hi``.
    """
    lowered = normalized.lower()
    compact = "".join(lowered.split())
    found = set()
    for group in CUE_GROUPS:
        hangul, latin = _HANGUL_PATTERNS[group], _LATIN_PATTERNS[group]
        if (hangul and hangul.search(compact)) or (latin and latin.search(lowered)):
            found.add(group)
    if _ACK_NOISE.sub("", lowered) in _ACKNOWLEDGEMENTS:
        found.add("acknowledgement")
    return found
