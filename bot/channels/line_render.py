"""Render a ``Reply`` as LINE messages within LINE's limits: ≤ 5 messages, a Flex carousel of ≤ 12 bubbles,
altText ≤ 1,500, text ≤ 5,000, quick reply ≤ 13 items with labels ≤ 20 characters. Pure: plain dicts in the
Messaging API's JSON shape, turned into SDK objects only by the sender."""

from __future__ import annotations

from bot.channels import texts
from bot.channels.format import card_lines, card_title, cut, map_url
from handlers.reply import QuickReply, Reply, ShopCard

TEXT_MAX = 5000
ALT_TEXT_MAX = 1500
BUBBLES_MAX = 12
QUICK_REPLY_MAX = 13
QUICK_LABEL_MAX = 20
BUTTON_LABEL_MAX = 40
MESSAGES_MAX = 5


def _text_component(text: str, **style) -> dict:
    return {"type": "text", "text": text or " ", "wrap": True, **style}


def bubble(card: ShopCard) -> dict:
    body = [_text_component(cut(card_title(card), 60), weight="bold", size="md")]
    body += [_text_component(cut(line, 120), size="sm", color="#555555") for line in card_lines(card)]
    footer = [{
        "type": "button", "style": "primary", "height": "sm",
        "action": {"type": "postback", "label": texts.PICK_BUTTON[:BUTTON_LABEL_MAX],
                   "data": f"shop_id={card.shop_id}",
                   "displayText": cut(texts.PICK_MESSAGE.format(name=card.name), 300)},
    }]
    url = map_url(card)
    if url:
        footer.append({"type": "button", "style": "link", "height": "sm",
                       "action": {"type": "uri", "label": texts.MAP_BUTTON[:BUTTON_LABEL_MAX], "uri": url}})
    return {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": body},
        "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer},
    }


def alt_text(cards: tuple[ShopCard, ...]) -> str:
    names = ", ".join(card.name for card in cards)
    return cut(texts.ALT_TEXT.format(count=len(cards), names=names), ALT_TEXT_MAX)


def quick_reply(items: tuple[QuickReply, ...]) -> dict:
    return {"items": [
        {"type": "action", "action": {"type": "message", "label": cut(item.label, QUICK_LABEL_MAX),
                                      "text": cut(item.text, 300)}}
        for item in items[:QUICK_REPLY_MAX]
    ]}


def render_reply(reply: Reply) -> list[dict]:
    messages: list[dict] = [{"type": "text", "text": cut(reply.text.strip() or "…", TEXT_MAX)}]
    if reply.cards:
        cards = reply.cards[:BUBBLES_MAX]
        messages.append({"type": "flex", "altText": alt_text(cards),
                         "contents": {"type": "carousel", "contents": [bubble(c) for c in cards]}})
    messages = messages[:MESSAGES_MAX]
    if reply.quick_replies:
        messages[-1]["quickReply"] = quick_reply(reply.quick_replies)
    return messages
