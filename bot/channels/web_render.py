"""Render a turn for the web chat API (seed 000 §6.1's response shape) and the chat page."""

from __future__ import annotations

from bot.channels.format import card_facts, card_lines, card_title, map_url
from bot.dispatcher import Outcome
from handlers.reply import ShopCard


def recommendation(card: ShopCard, rank: int) -> dict:
    return {
        "rank": rank,
        "shop_id": card.shop_id,
        "shop_name": card.name,
        "category": card.category,
        "menus": [
            {"menu_id": m.menu_id, "menu_name": m.name, "price": m.price, "final_price": m.final_price}
            for m in card.menus
        ],
        "applicable_coupons": [card.coupon_name] if card.coupon_name else [],
        "distance": card.distance_m,
        "estimated_time": card.walk_minutes,
        "food_card": card.food_card,
        "good_influence": card.good_influence,
        "open_label": card.open_label,
        "reason_codes": list(card.reason_codes),
        "title": card_title(card),
        "lines": card_lines(card),
        "facts": card_facts(card),
        "map_url": map_url(card),
    }


def render_outcome(outcome: Outcome) -> dict:
    reply = outcome.reply
    return {
        "response": reply.text,
        "recommendations": [recommendation(card, rank) for rank, card in enumerate(reply.cards, 1)],
        "quick_replies": [{"label": q.label, "text": q.text} for q in reply.quick_replies],
        "buttons": [{"label": b.label, "kind": b.kind, "value": b.value} for b in reply.buttons],
        "session_info": {
            "intent": outcome.nlu.intent.value,
            "confidence": outcome.nlu.confidence,
            "conversation_turn": outcome.conversation_turn,
        },
    }
