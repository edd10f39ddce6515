"""validate_skill_response accepts Kakao's own examples and names every limit it finds broken."""

from __future__ import annotations

import copy

import pytest

from ._payloads import fixtures_dir, load
from .kakao_schema import validate_skill_response

CARD = "template.outputs[0].basicCard"
VERSION_ERROR = 'version: must be "2.0" (without it Kakao treats the answer as the old format)'
RESPONSES = sorted(p.name for p in (fixtures_dir() / "kakao").glob("kakao_response_*.json"))


def simple(text: str = "안녕!", **template) -> dict:
    return {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": text}}], **template}}


def card(**fields) -> dict:
    base = {"title": "떡볶이 나라", "description": "급식카드 OK · 3,000원부터",
            "thumbnail": {"imageUrl": "https://example.com/shop.jpg"}}
    return {"version": "2.0", "template": {"outputs": [{"basicCard": {**base, **fields}}]}}


def button(label: str = "길찾기", **fields) -> dict:
    return {"action": "webLink", "label": label, "webLinkUrl": "https://map.kakao.com/", **fields}


def quick(label: str = "더 보기", **fields) -> dict:
    return {"action": "message", "label": label, "messageText": label, **fields}


def test_kakao_documentation_examples_are_valid():
    assert len(RESPONSES) >= 6
    for name in RESPONSES:
        payload = load(f"kakao/{name}")
        assert validate_skill_response(payload, require_template="context" not in name) == [], name


def test_use_callback_ack_is_valid_only_where_a_callback_may_be_asked_for():
    ack = load("kakao/kakao_callback_usecallback_ack.json")
    assert validate_skill_response(ack) == []
    assert validate_skill_response(ack, allow_use_callback=False) == [
        "useCallback: a callback answer must carry the answer itself, not ask for another callback"]


def test_a_context_only_answer_needs_require_template_false():
    payload = load("kakao/kakao_response_context_control.json")
    assert validate_skill_response(payload) == ["template: is required"]


def test_limits_are_inclusive():
    payload = simple("가" * 1000, quickReplies=[quick("가" * 14)] * 10)
    payload["template"]["outputs"] *= 3
    assert validate_skill_response(payload) == []
    items = load("kakao/kakao_response_carousel_basiccard.json")["template"]["outputs"][0]["carousel"]["items"]
    carousel = {"version": "2.0", "template": {"outputs": [{"carousel": {"type": "basicCard",
                                                                           "items": (items * 4)[:10]}}]}}
    assert validate_skill_response(carousel) == []
    assert validate_skill_response(card(description="가" * 230, buttons=[button("가" * 14)] * 3)) == []


def _carousel_of(kind: str, n: int) -> dict:
    payload = load("kakao/kakao_response_carousel_listcard_quickreplies.json" if kind == "listCard"
                   else "kakao/kakao_response_carousel_basiccard.json")
    carousel = payload["template"]["outputs"][0]["carousel"]
    carousel["items"] = [copy.deepcopy(carousel["items"][0]) for _ in range(n)]
    return payload


@pytest.mark.parametrize("payload, error", [
    ({"template": simple()["template"]}, VERSION_ERROR),
    ({**simple(), "version": "1.0"}, VERSION_ERROR),
    (simple("가" * 1001), "template.outputs[0].simpleText.text: 1001 characters, the limit is 1000"),
    (simple("   "), "template.outputs[0].simpleText.text: must not be empty"),
    ({"version": "2.0", "template": {"outputs": []}}, "template.outputs: 0 items, allowed 1..3"),
    ({"version": "2.0", "template": {"outputs": [{"simpleText": {"text": "a"}}] * 4}},
     "template.outputs: 4 items, allowed 1..3"),
    (simple(quickReplies=[quick()] * 11), "template.quickReplies: 11 items, allowed 0..10"),
    (simple(quickReplies=[quick("가" * 15)]), "template.quickReplies[0].label: 15 characters, the limit is 14"),
    (simple(quickReplies=[{"action": "message", "label": "더 보기"}]),
     "template.quickReplies[0].messageText: is required"),
    (simple(quickReplies=[{"action": "block", "label": "처음으로"}]), "template.quickReplies[0].blockId: is required"),
    (simple(quickReplies=[{"action": "webLink", "label": "홈"}]),
     'template.quickReplies[0].action: must be "message" or "block"'),
    (card(description="가" * 231), "template.outputs[0].basicCard.description: 231 characters, the limit is 230"),
    (card(title="가" * 51), "template.outputs[0].basicCard.title: 51 characters, the limit is 50"),
    (card(thumbnail=None), "template.outputs[0].basicCard.thumbnail: is required"),
    (card(buttons=[button("가" * 15)]), f"{CARD}.buttons[0].label: 15 characters, the limit is 14"),
    (card(buttons=[button()] * 4), "template.outputs[0].basicCard.buttons: 4 items, allowed 0..3"),
    (card(buttons=[button()] * 3, buttonLayout="horizontal"), f"{CARD}.buttons: 3 items, allowed 0..2"),
    (card(buttons=[button()] * 3, thumbnail={"imageUrl": "https://example.com/a.jpg", "fixedRatio": True}),
     "template.outputs[0].basicCard.buttons: 3 items, allowed 0..2"),
    (card(buttons=[{"action": "webLink", "label": "지도"}]), f"{CARD}.buttons[0].webLinkUrl: is required"),
    (card(buttons=[{"action": "phone", "label": "전화"}]), f"{CARD}.buttons[0].phoneNumber: is required"),
    (card(buttons=[{"action": "call", "label": "전화"}]),
     "template.outputs[0].basicCard.buttons[0].action: must be one of "
     "['webLink', 'message', 'phone', 'block', 'share', 'operator']"),
    (_carousel_of("basicCard", 11), "template.outputs[0].carousel.items: 11 items, allowed 1..10"),
    (_carousel_of("listCard", 6), "template.outputs[0].carousel.items: 6 items, allowed 1..5"),
    ({"version": "2.0", "template": {"outputs": [{"textCard": {"buttons": []}}]}},
     "template.outputs[0].textCard: needs a title or a description"),
    ({"version": "2.0", "template": {"outputs": [{"commerceCard": {"description": "x",
                                                                   "thumbnails": [{"imageUrl": "https://e.com/a.jpg"}]}}]}},
     "template.outputs[0].commerceCard.price: is required"),
    ({"version": "2.0", "template": {"outputs": [{"listCard": {"header": {"title": "메뉴"},
                                                               "items": [{"title": "김밥"}] * 6}}]}},
     "template.outputs[0].listCard.items: 6 items, allowed 1..5"),
    ({"version": "2.0", "template": {"outputs": [{"fancyCard": {}}]}},
     "template.outputs[0]: unknown output type(s) ['fancyCard']"),
    ({"version": "2.0", "template": {"outputs": [{"simpleText": {"text": "a"}, "basicCard": {}}]}},
     "template.outputs[0]: must hold exactly one of ['simpleText', 'simpleImage', 'textCard', 'basicCard', "
     "'commerceCard', 'listCard', 'itemCard', 'carousel'], found ['simpleText', 'basicCard']"),
    ({"version": "2.0", "template": simple()["template"], "context": {"values": [{"name": "order"}]}},
     "context.values[0].lifeSpan: is required, an integer >= 0 (0 deletes the context)"),
])
def test_each_broken_limit_is_reported(payload, error):
    assert error in validate_skill_response(payload)


def test_not_an_object():
    assert validate_skill_response(["version", "2.0"]) == ["$: must be an object"]
