"""Every sentence the bot says, in one place, easy to review.

Tone: short, warm, like an older friend. Never shaming about the meal card — we say "카드" or "급식카드 되는 곳",
never "급식카드 사용자님", never pity.
"""

from __future__ import annotations

CAPABILITIES = "예산에 맞는 밥집, 지금 문 연 곳, 카드 잔액, 쿠폰을 찾아 줄 수 있어요."

GREETING = "안녕! 나는 나비얌이야 🍚 " + CAPABILITIES
FOLLOW_GREETING = "반가워요! 나비얌이에요 🍚 근처에서 맛있고 부담 없는 한 끼를 같이 찾아 줄게요."
THANKS = "천만에요! 맛있게 먹어요 😊"
UNKNOWN = "음, 그건 내가 잘 모르겠어요 😅 " + CAPABILITIES
STICKER = "귀여운 스티커 고마워요! 😊 뭐 먹고 싶은지 말해 주면 찾아 줄게요."
MEDIA = "사진이나 파일은 아직 못 봐요 🙏 글로 말해 주면 바로 찾아 줄게요!"
EMPTY = "메시지가 비어 있어요. \"5천원으로 점심 뭐 먹지?\"처럼 말해 줘요!"
LOCATION_SAVED = "위치 고마워요! 📍 이제 가까운 곳부터 찾아 줄게요."
TEMPORARILY_UNAVAILABLE = "앗, 지금 잠깐 가게 정보를 못 불러오고 있어요 🙏 조금 뒤에 다시 물어봐 줄래요?"
SOMETHING_WENT_WRONG = "앗, 잠깐 문제가 생겼어요 🙏 한 번만 다시 말해 줄래요?"

RECOMMEND_INTRO_BUDGET = "{budget:,}원으로 지금 갈 수 있는 곳이에요 🍱"
RECOMMEND_INTRO = "지금 갈 수 있는 곳이에요 🍱"
RECOMMEND_NONE_BUDGET = "지금 {budget:,}원 안에서 문 연 곳을 못 찾았어요. 조금 더 넓게 찾아볼까요?"
RECOMMEND_NONE = "지금 조건에 맞는 곳을 못 찾았어요. 다른 메뉴나 조금 더 넓게 찾아볼까요?"
EMERGENCY_INTRO = "배고프면 먼저 먹는 게 제일 중요해요. 지금 바로 갈 수 있는 곳이에요 🍚"

BALANCE = "카드 잔액은 {balance:,}원이에요 ({freshness} 기준)."
BALANCE_LOW_NOTE = " 조금 남았으니 알뜰한 곳 위주로 찾아 줄게요!"
BALANCE_NO_CARD = "아직 카드가 연결되지 않았어요. 카드를 연결하면 잔액에 맞춰 추천해 줄 수 있어요."
CHARGE_INFO = "급식카드는 보통 매달 초에 지원금이 충전돼요. 정확한 날짜는 주민센터나 구청에 물어보면 알려 줘요."

QUICK_REPLIES = (
    ("5천원 점심", "5천원으로 점심 뭐 먹지?"),
    ("만원 저녁", "만원으로 저녁 추천해줘"),
    ("지금 문 연 곳", "지금 문 연 밥집 알려줘"),
    ("잔액 확인", "카드 잔액 얼마야?"),
    ("내 쿠폰", "내 쿠폰 보여줘"),
)

OPEN_LABELS = {"OPEN": "영업 중", "BREAK_TIME": "브레이크 타임", "CLOSED": "영업 종료", "UNKNOWN": "영업시간 확인 필요"}
