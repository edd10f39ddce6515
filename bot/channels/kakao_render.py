"""Render a ``Reply`` as a Kakao skill response (version 2.0) that obeys every platform limit (CONTRACTS §4):
1–3 outputs, simpleText ≤ 1000 characters, a carousel of ≤ 5 listCards (≤ 4 items each), button labels ≤ 14,
quickReplies ≤ 10. Pure functions: the same ``Reply`` always gives the same JSON."""

from __future__ import annotations

from bot.channels import texts
from bot.channels.format import card_facts, card_title, cut, map_url, menu_price
from handlers.reply import Button, QuickReply, Reply, ShopCard

SIMPLE_TEXT_MAX = 1000
CAROUSEL_MAX = 10
LIST_CAROUSEL_MAX = 5  # a carousel of listCards holds at most 5
LIST_ITEMS_MAX = 4  # a listCard inside a carousel holds at most 4 items
HEADER_TITLE_MAX = 30
ITEM_TITLE_MAX = 40
LABEL_MAX = 14
QUICK_REPLIES_MAX = 10
CARD_BUTTONS_MAX = 3


def label(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def simple_text(text: str) -> dict:
    return {"simpleText": {"text": cut(text.strip() or "…", SIMPLE_TEXT_MAX)}}


def _button(button: Button) -> dict:
    if button.kind == "url":
        return {"action": "webLink", "label": label(button.label), "webLinkUrl": button.value}
    if button.kind == "postback":
        return {"action": "message", "label": label(button.label), "messageText": button.label,
                "extra": {"postback": button.value}}
    return {"action": "message", "label": label(button.label), "messageText": button.value}


def _card_buttons(card: ShopCard) -> list[dict]:
    buttons = [{"action": "message", "label": label(texts.PICK_BUTTON),
                "messageText": texts.PICK_MESSAGE.format(name=card.name)[:1000],
                "extra": {"shop_id": card.shop_id}}]
    url = map_url(card)
    if url:
        buttons.append({"action": "webLink", "label": label(texts.MAP_BUTTON), "webLinkUrl": url})
    return buttons[:CARD_BUTTONS_MAX]


def list_card(card: ShopCard) -> dict:
    """One shop as a listCard (the shape Kakao documents for menus and prices): up to three menus with their
    price, then one line of facts. A basicCard would need a thumbnail image, which we do not have."""
    items = [{"title": cut(m.name, ITEM_TITLE_MAX), "description": cut(menu_price(m), ITEM_TITLE_MAX)}
             for m in card.menus[:LIST_ITEMS_MAX - 1]]
    facts = card_facts(card)
    items.append({"title": cut(" · ".join(facts[:2]), ITEM_TITLE_MAX),
                  "description": cut(" · ".join(facts[2:] + ([card.coupon_name] if card.coupon_name else [])),
                                     ITEM_TITLE_MAX)})
    return {"header": {"title": cut(card_title(card), HEADER_TITLE_MAX)}, "items": items,
            "buttons": _card_buttons(card)}


def quick_reply(item: QuickReply) -> dict:
    return {"action": "message", "label": label(item.label), "messageText": item.text[:1000]}


def render_reply(reply: Reply) -> dict:
    outputs = [simple_text(reply.text)]
    if reply.cards:
        items = [list_card(card) for card in reply.cards[:LIST_CAROUSEL_MAX]]
        outputs.append({"carousel": {"type": "listCard", "items": items}})
    if reply.buttons:
        outputs.append({"textCard": {"description": "👇", "buttons": [_button(b) for b in reply.buttons[:3]]}})
    template: dict = {"outputs": outputs[:3]}
    if reply.quick_replies:
        template["quickReplies"] = [quick_reply(q) for q in reply.quick_replies[:QUICK_REPLIES_MAX]]
    return {"version": "2.0", "template": template}


def render_callback_ack(text: str = texts.KAKAO_WAIT) -> dict:
    return {"version": "2.0", "useCallback": True, "data": {"text": text}}


def render_error(message: str) -> dict:
    return {"version": "2.0", "error": message}
