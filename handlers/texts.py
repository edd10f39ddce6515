"""Every sentence the handlers say, in one place, easy to review.

Tone: short, warm, like an older friend. Never shaming about the meal card — we say "카드" or "급식카드 되는 곳",
never "급식카드 사용자님", never pity. Food first, questions after.
"""

from __future__ import annotations

from handlers.reply import QuickReply

CAPABILITIES = "예산에 맞는 밥집, 지금 문 연 곳, 카드 잔액, 쿠폰을 찾아 줄 수 있어요."

# ---- small talk, odd input, failures ----------------------------------------------------------------------
GREETING = "안녕! 나는 나비얌이야 🍚 " + CAPABILITIES
ABOUT = "나는 나비얌이에요 🍚 근처에서 맛있고 부담 없는 한 끼를 같이 찾아 주는 친구예요. " + CAPABILITIES
FOLLOW_GREETING = "반가워요! 나비얌이에요 🍚 근처에서 맛있고 부담 없는 한 끼를 같이 찾아 줄게요."
THANKS = "천만에요! 맛있게 먹어요 😊"
UNKNOWN = "음, 그건 내가 잘 모르겠어요 😅 " + CAPABILITIES
STICKER = "귀여운 스티커 고마워요! 😊 뭐 먹고 싶은지 말해 주면 찾아 줄게요."
MEDIA = "사진이나 파일은 아직 못 봐요 🙏 글로 말해 주면 바로 찾아 줄게요!"
EMPTY = "메시지가 비어 있어요. \"5천원으로 점심 뭐 먹지?\"처럼 말해 줘요!"
LOCATION_SAVED = "위치 고마워요! 📍 이제 가까운 곳부터 찾아 줄게요."
TEMPORARILY_UNAVAILABLE = "앗, 지금 잠깐 가게 정보를 못 불러오고 있어요 🙏 조금 뒤에 다시 물어봐 줄래요?"
SOMETHING_WENT_WRONG = "앗, 잠깐 문제가 생겼어요 🙏 한 번만 다시 말해 줄래요?"

# ---- recommendations ---------------------------------------------------------------------------------------
RECOMMEND_INTRO = "지금 갈 수 있는 곳이에요 🍱"
RECOMMEND_INTRO_BUDGET = "{budget:,}원으로 지금 갈 수 있는 곳이에요 🍱"
RECOMMEND_INTRO_BALANCE = "잔액 {budget:,}원 안에서 지금 갈 수 있는 곳이에요 🍱"
RECOMMEND_INTRO_FOOD = "지금 {food} 먹을 수 있는 곳이에요 🍱"
RECOMMEND_INTRO_FOOD_BUDGET = "{budget:,}원으로 {food} 먹을 수 있는 곳이에요 🍱"
NEAR_PLACE = "{place} 근처, "
FOOD_RELAXED = "{food} 파는 곳이 근처에 없어서 비슷한 가게로 골랐어요."
WIDENED = "가까운 곳이 적어서 {km}km까지 찾아봤어요."
NO_LOCATION_HINT = "📍 위치를 보내 주거나 동네 이름(예: 건대입구)을 말해 주면 가까운 곳부터 찾아 줄게요."
MORE_INTRO = "다른 곳도 찾아봤어요 👀"
MORE_NONE = "더 보여 줄 곳이 없어요. 조금 더 넓게 찾아볼까요?"
NOTHING_IN_BUDGET = "지금 {budget:,}원 안에서 먹을 수 있는 곳은 못 찾았어요. {price:,}원이면 있어요!"
NOTHING_IN_BALANCE = ("잔액 {balance:,}원 안에서 먹을 수 있는 곳은 지금 못 찾았어요. "
                      "선한영향력가게는 카드만 보여 주면 무료예요.")
NOTHING_FOOD = "지금 문 연 {food} 가게는 근처에 없어요. 다른 메뉴로 찾아볼까요?"
NOTHING_NEAR = "근처 {km}km 안에는 지금 맞는 곳이 없어요. 조금 더 멀리 찾아볼까요?"
NOTHING_OPEN_SOON = "지금 문 연 곳은 없어요. 곧 열어요: {name} ({time}부터)"
NOTHING_AT_ALL = "지금 조건에 맞는 곳을 못 찾았어요 😢 다른 메뉴나 다른 동네로 찾아볼까요?"

# ---- scenario 1: emergency ---------------------------------------------------------------------------------
EMERGENCY_INTRO = "배고프면 먼저 먹는 게 제일 중요해요. 지금 바로 갈 수 있는 곳이에요 🍚"
EMERGENCY_FREE_NOTE = "🤝 선한영향력가게: 카드 보여 주면 무료예요"
EMERGENCY_FREE_NOTE_NO_CARD = "🤝 선한영향력가게: 급식카드가 있으면 무료예요"
EMERGENCY_COUPON_COMING = "🎟 식사 지원 쿠폰도 보내 줄게요. 곧 '내 쿠폰'에 들어와요."
EMERGENCY_COUPON_HELD = "🎟 식사 지원 쿠폰이 이미 있어요. 가격에 반영했어요."
EMERGENCY_NONE = "지금 근처에 문 연 곳을 못 찾았어요 😢"
EMERGENCY_HELPLINE = "혼자 힘들면 1388(청소년상담, 24시간)에 말해도 괜찮아요."

# ---- scenario 3: groups ------------------------------------------------------------------------------------
GROUP_ASK_PEOPLE = "몇 명이서 가요? 인원에 맞춰 자리 넉넉한 곳을 찾아 줄게요 👥"
GROUP_INTRO = "{people}명이 함께 앉을 수 있는 곳이에요 👥"
GROUP_BUDGET = "1인당 {per:,}원 × {people}명 = 총 {total:,}원 기준이에요."
GROUP_SEATS = "좌석 {seats}석"
GROUP_RESERVATION = "단체 예약 가능"
GROUP_ROOM = "룸 있음"
GROUP_SIZES = (4, 6, 8, 10)
GROUP_SIZE_LABEL = "{n}명"
GROUP_SIZE_TEXT = "{n}명이서 먹을 곳"

# ---- balance and charge ------------------------------------------------------------------------------------
BALANCE = "카드 잔액은 {balance:,}원이에요 ({freshness} 기준)."
BALANCE_LOW_NOTE = " 조금 남았으니 알뜰한 곳 위주로 찾아 줄게요!"
BALANCE_ZERO_NOTE = " 선한영향력가게는 카드만 보여 주면 무료로 먹을 수 있어요."
BALANCE_NO_CARD = ("아직 카드가 연결되지 않았어요. 나비얌 웹의 '내 정보 → 카드 연결'에서 연결하면 "
                   "잔액에 맞춰 추천해 줄 수 있어요. 카드 번호는 채팅으로 보내지 마요!")
BALANCE_INACTIVE = "카드가 지금은 쓸 수 없는 상태예요. 주민센터에 물어보면 도와줄 거예요."
CHARGE_INFO = ("급식카드는 보통 매달 초에 지원금이 충전돼요(지역마다 조금 달라요). "
               "정확한 날짜는 카드 뒷면의 고객센터나 주민센터에서 알려 줘요.")
CHARGE_WITH_BALANCE = " 지금 잔액은 {balance:,}원이에요."
FRESHNESS_UNKNOWN = "확인 시각 모름"
FRESHNESS_NOW = "방금"
FRESHNESS_MINUTES = "{n}분 전"
FRESHNESS_HOURS = "{n}시간 전"
FRESHNESS_DAYS = "{n}일 전"

# ---- coupons -----------------------------------------------------------------------------------------------
COUPONS_INTRO = "쓸 수 있는 쿠폰이 {count}장 있어요 🎟"
COUPON_LINE = "• {name} — {where}, {until}까지"
COUPON_WHERE = {"ALL": "어디서나", "NEW_USER": "어디서나", "LOYALTY": "어디서나", "FOODCARD": "급식카드 되는 가게",
                "SHOP": "참여 가게", "CATEGORY": "{categories} 가게"}
COUPON_UNTIL = "{month}월 {day}일 {hour:02d}:{minute:02d}"
COUPON_UNTIL_DAY = "{month}월 {day}일"
COUPON_NONE = "지금 쓸 수 있는 쿠폰은 없어요. 새 쿠폰이 생기면 알려 줄게요!"
COUPON_AT_SHOP = "{shop}에서는 이렇게 돼요:"
COUPON_AT_SHOP_LINE = "• {menu} {price:,}원 → {final:,}원 ({coupon})"
COUPON_AT_SHOP_NONE = "{shop}에서는 지금 가진 쿠폰을 쓸 수 없어요."

# ---- one shop: hours, place, options -----------------------------------------------------------------------
WHICH_SHOP = "어느 가게가 궁금해요? 가게 이름이나 '1번'처럼 말해 줘요."
SHOP_NOT_FOUND = "그 가게를 못 찾았어요. 가게 이름을 한 번 더 알려 줄래요?"
OPEN_NOW = {"OPEN": "지금 영업 중이에요", "BREAK_TIME": "지금은 쉬는 시간이에요", "CLOSED": "지금은 문을 닫았어요",
            "UNKNOWN": "영업시간 정보가 없어요"}
HOURS_TODAY = "오늘은 {open}–{close}"
HOURS_BREAK = " (쉬는 시간 {start}–{end})"
HOURS_CLOSED_TODAY = "오늘은 쉬는 날이에요"
HOURS_CLOSED_DAYS = "{days}요일 휴무"
HOURS_OPENS_AT = "{time}에 다시 열어요"
WEEKDAY_NAMES = ("월", "화", "수", "목", "금", "토", "일")
LOCATION_ADDRESS = "{name}은(는) {address}에 있어요."
LOCATION_DISTANCE = " 여기서 {metres:,}m, 걸어서 {minutes}분이에요."
MAP_BUTTON = "지도 보기"
OPTION_YES = "{shop} {menu} {option} 돼요! {price:,}원 → {total:,}원"
OPTION_FREE = "{shop} {menu} {option} 돼요! 추가 요금 없어요 ({price:,}원)"
OPTION_NO = "{shop}에는 '{option}' 옵션이 없어요."
OPTION_LIST = " 고를 수 있는 건: {options}"
OPTION_WHICH = "어떤 옵션이 궁금해요? (예: 곱빼기, 덜 맵게, 치즈 추가)"

# ---- choosing and feedback ---------------------------------------------------------------------------------
PICKED = "좋아요! {name}(으)로 가요 😋"
PICKED_WAY = " {address} · 걸어서 {minutes}분"
PICKED_ASK = " 먹고 나서 어땠는지 알려 줘요!"
PICK_WHICH = "몇 번 가게로 할지 다시 알려 줄래요?"
FEEDBACK_UP = "고마워요! 다음에도 입맛에 맞는 곳으로 찾아 줄게요 😊"
FEEDBACK_DOWN = "알려 줘서 고마워요. 다음엔 더 잘 찾아볼게요 🙏"

# ---- scenario 2: onboarding --------------------------------------------------------------------------------
WELCOME = "반가워요! 나는 나비얌이에요 🍚 근처에서 맛있고 부담 없는 한 끼를 같이 찾아 줄게요."
WELCOME_LINE = "반가워요, 나비얌이에요 🍚 "
WELCOME_COUPON = " 첫 만남 기념 환영 쿠폰도 보내 줄게요 🎟"
REFOLLOW = "다시 만나서 반가워요! 배고플 때 언제든 불러 줘요 🍚"
ONBOARD_QUESTIONS = {
    "food": "어떤 음식을 좋아해요? (건너뛰어도 돼요)",
    "budget": "평소 한 끼에 얼마쯤 써요?",
    "spicy": "매운 음식은 어때요?",
}
ONBOARD_CHOICES = {
    "food": (("한식", "한식"), ("분식", "분식"), ("중식", "중식"), ("치킨", "치킨"), ("일식", "일식")),
    "budget": (("5천원", "5천원"), ("7천원", "7천원"), ("만원", "만원")),
    "spicy": (("좋아요 🌶", "매운 거 좋아요"), ("조금만", "조금만 매운 거"), ("못 먹어요", "매운 거 못 먹어요")),
}
ONBOARD_SKIP = QuickReply("건너뛰기", "건너뛰기")
ONBOARD_DONE = "고마워요! 이제 입맛에 맞춰 찾아 줄게요. 배고플 때 '5천원으로 점심 뭐 먹지?'처럼 물어봐요 😊"
ONBOARD_SKIPPED = "좋아요, 언제든 물어봐요! '5천원으로 점심 뭐 먹지?'처럼요 😊"

# ---- quick replies -----------------------------------------------------------------------------------------
QUICK_REPLIES = (
    ("5천원 점심", "5천원으로 점심 뭐 먹지?"),
    ("만원 저녁", "만원으로 저녁 추천해줘"),
    ("지금 문 연 곳", "지금 문 연 밥집 알려줘"),
    ("잔액 확인", "카드 잔액 얼마야?"),
    ("내 쿠폰", "내 쿠폰 보여줘"),
)
QR_MORE = QuickReply("다른 데는?", "다른 데는?")
QR_PICK_FIRST = QuickReply("1번 갈래요", "1번 갈래요")
QR_LIKE = QuickReply("👍 좋아요", "👍 좋아요")
QR_DISLIKE = QuickReply("👎 별로예요", "👎 별로예요")
QR_WIDER = QuickReply("더 넓게 찾기", "더 넓게 찾아줘")
QR_ANY_FOOD = QuickReply("아무거나 추천", "아무거나 추천해줘")
QR_FREE_MEALS = QuickReply("무료 식사", "무료로 먹을 수 있는 곳 알려줘")
QR_MY_COUPONS = QuickReply("내 쿠폰", "내 쿠폰 보여줘")
QR_BALANCE = QuickReply("잔액 확인", "카드 잔액 얼마야?")
QR_TELL_TASTE = QuickReply("내 입맛 알려주기", "내 입맛 알려줄게")
QR_WITHIN_BALANCE_LABEL = "잔액으로 먹을 곳"
QR_WITHIN_BALANCE_TEXT = "{balance}원으로 먹을 수 있는 곳 알려줘"
QR_BUDGET_LABEL = "{price:,}원으로 찾기"
QR_BUDGET_TEXT = "{price}원으로 찾아줘"
QR_HOURS = QuickReply("몇 시까지 해?", "거기 몇 시까지 해?")
QR_WHERE = QuickReply("어디야?", "거기 어디야?")

OPEN_LABELS = {"OPEN": "영업 중", "BREAK_TIME": "브레이크 타임", "CLOSED": "영업 종료", "UNKNOWN": "영업시간 확인 필요"}

# 탈퇴 (a user's own request to delete their data)
WITHDRAWAL_CONFIRM = (
    "정말 나비얌에서 내 정보를 모두 지울까요? 대화 기록, 카드 연결, 쿠폰이 전부 사라지고 되돌릴 수 없어요."
)
WITHDRAWAL_YES = "네, 지워 주세요"
WITHDRAWAL_NO = "아니요"
WITHDRAWAL_DONE = "모두 지웠어요. 그동안 고마웠어요! 언제든 다시 말 걸어 주면 반갑게 맞을게요 🍚"
WITHDRAWAL_CANCELLED = "알겠어요, 아무것도 지우지 않았어요 😊"
