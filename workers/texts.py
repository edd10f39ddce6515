"""Everything a push says, in one place: Korean, short, warm, and never shaming about the meal card.

The card is just "카드"; a low balance is said as what is left ("남았어요"), never as a lack ("부족", "없어요").
Each push offers a next step (a quick reply on LINE) instead of a warning.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

LOW_BALANCE = "카드에 {balance}원 남았어요. 이 금액으로 든든하게 먹을 수 있는 곳, 같이 찾아볼까요? 🍚"
LOW_BALANCE_WITH_COUPON = (
    "카드에 {balance}원 남았어요. {coupon}을 쿠폰함에 넣어뒀어요. {until}까지 쓸 수 있어요. 맛있게 챙겨 먹어요! 🍚"
)
EMERGENCY_COUPON = "식사 지원 쿠폰"
COUPON_ISSUED = "{name} 쿠폰이 쿠폰함에 도착했어요! {until}까지 쓸 수 있어요 🎁"
COUPON_EXPIRING = "{name} 쿠폰은 {until}까지 쓸 수 있어요. 잊지 말고 맛있는 한 끼에 써요 😊"

FIND_MEAL_LABEL = "먹을 곳 찾기"
FIND_MEAL_TEXT = "{balance}원으로 먹을 수 있는 곳 알려줘"
MY_COUPONS_LABEL = "내 쿠폰 보기"
MY_COUPONS_TEXT = "내 쿠폰 보여줘"

# Kakao Event API: the event name of the block that shows each kind of push (set up in the Kakao builder,
# which reads the text from event.data.text).
KAKAO_EVENTS = {
    "low_balance": "naviyam_low_balance",
    "coupon_issued": "naviyam_coupon_issued",
    "coupon_expiring": "naviyam_coupon_expiring",
}


def won(amount: int) -> str:
    return f"{amount:,}"


def until_text(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """"오늘 오후 3시", "내일 오전 9시 30분" or "3월 12일 오후 6시", as a child would say it."""
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    days = (local.date() - today).days
    day = "오늘" if days == 0 else "내일" if days == 1 else f"{local.month}월 {local.day}일"
    half = "오전" if local.hour < 12 else "오후"
    hour = local.hour % 12 or 12
    minute = f" {local.minute}분" if local.minute else ""
    return f"{day} {half} {hour}시{minute}"


def push_text(kind: str, payload: dict, now: datetime, tz: ZoneInfo) -> str:
    """The text of one push from its outbox payload."""
    if kind == "low_balance":
        coupon = payload.get("coupon")
        if coupon:
            until = until_text(datetime.fromisoformat(coupon["expires_at"]), now, tz)
            name = f"{EMERGENCY_COUPON} {won(coupon['amount'])}원" if coupon.get("amount") else EMERGENCY_COUPON
            return LOW_BALANCE_WITH_COUPON.format(balance=won(payload["balance"]), coupon=name, until=until)
        return LOW_BALANCE.format(balance=won(payload["balance"]))
    until = until_text(datetime.fromisoformat(payload["expires_at"]), now, tz)
    template = COUPON_ISSUED if kind == "coupon_issued" else COUPON_EXPIRING
    return template.format(name=payload["coupon_name"], until=until)


def quick_reply(kind: str, payload: dict) -> tuple[str, str]:
    """(label, text) of the one next step a push offers."""
    if kind == "low_balance":
        return FIND_MEAL_LABEL, FIND_MEAL_TEXT.format(balance=payload["balance"])
    return MY_COUPONS_LABEL, MY_COUPONS_TEXT
