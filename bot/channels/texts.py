"""Words the channels add around a handler's answer (labels of a card, waiting messages). One place, reviewed."""

from __future__ import annotations

FOOD_CARD_LABELS = {"Y": "급식카드 OK", "P": "급식카드 일부 가능", "N": "급식카드 안 돼요", "U": "급식카드 확인 필요"}
GOOD_INFLUENCE = "선한영향력가게"
WALK = "도보 {minutes}분"
PRICE = "{price:,}원"
DISCOUNTED = "{price:,}원 → {final:,}원"
COUPON = "🎟 {name} 적용"
MORE = "…"
MAP_BUTTON = "지도 보기"
PICK_BUTTON = "여기 갈래요"
PICK_MESSAGE = "{name} 갈래요"
KAKAO_WAIT = "맛있는 곳 찾는 중이에요! 잠깐만 기다려 줘요 🍚"
SLOW_ANSWER = "지금 답이 조금 늦어지고 있어요 🙏 잠시 후에 한 번만 다시 물어봐 줄래요?"
ALT_TEXT = "추천 가게 {count}곳: {names}"
