"""The fake LINE API answers like LINE: driven with plain aiohttp and with line-bot-sdk v3."""

from __future__ import annotations

import io
import json
import uuid

import pytest
import pytest_asyncio
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    FlexContainer,
    FlexMessage,
    MessageAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
)

from ._payloads import ManualClock, load
from .line_api import FakeLineApi
from .support import HELLO, OTHER, USER, auth, call

pytestmark = pytest.mark.asyncio


# ---------------------------------------------------------------- LINE: reply --------------------

async def test_reply_with_an_issued_token_is_delivered_once(http, fake_line_api):
    token = fake_line_api.issue_reply_token(USER)
    carousel = load("line/line_flex_carousel_container.json")
    messages = [*HELLO, {"type": "flex", "altText": "가게 추천", "contents": carousel}]
    status, body, headers = await call(http, fake_line_api, "/v2/bot/message/reply",
                                       {"replyToken": token, "messages": messages})
    assert status == 200
    assert [set(m) for m in body["sentMessages"]] == [{"id", "quoteToken"}, {"id"}]
    assert all(m["id"].isdigit() for m in body["sentMessages"])
    assert headers["X-Line-Request-Id"] == fake_line_api.replies[0]["request_id"]
    assert fake_line_api.delivered_messages_for(USER) == messages
    assert fake_line_api.delivered_texts_for(USER) == ["안녕! 오늘 점심 뭐 먹을까?", "가게 추천"]


async def test_a_reply_token_works_once(http, fake_line_api):
    token = fake_line_api.issue_reply_token(USER)
    first = await call(http, fake_line_api, "/v2/bot/message/reply", {"replyToken": token, "messages": HELLO})
    second = await call(http, fake_line_api, "/v2/bot/message/reply", {"replyToken": token, "messages": HELLO})
    assert first[0] == 200
    assert second[:2] == (400, load("line/line_reply_error_invalid_reply_token.json"))
    assert len(fake_line_api.delivered_messages_for(USER)) == 1
    assert [r["status"] for r in fake_line_api.replies] == [200, 400]


async def test_unknown_and_expired_reply_tokens_are_invalid(http):
    clock = ManualClock()
    async with FakeLineApi(clock=clock) as fake:
        token = fake.issue_reply_token(USER)
        clock.advance(61)
        expired = await call(http, fake, "/v2/bot/message/reply", {"replyToken": token, "messages": HELLO})
        unknown = await call(http, fake, "/v2/bot/message/reply",
                             {"replyToken": "757913772c4646b784d4b7ce46d12671", "messages": HELLO})
        fresh = fake.issue_reply_token(USER)
        clock.advance(59)
        in_time = await call(http, fake, "/v2/bot/message/reply", {"replyToken": fresh, "messages": HELLO})
    assert expired[:2] == unknown[:2] == (400, {"message": "Invalid reply token"})
    assert in_time[0] == 200


@pytest.mark.parametrize("headers, expected", [
    ({}, "Authorization header required"),
    ({"Authorization": "Bearer wrong-token"}, "Authentication failed"),
    ({"Authorization": "test-line-channel-access-token"}, "Authorization header required"),
])
async def test_calls_without_the_channel_token_get_401(http, fake_line_api, headers, expected):
    token = fake_line_api.issue_reply_token(USER)
    async with http.post(fake_line_api.base_url + "/v2/bot/message/reply", headers=headers,
                         json={"replyToken": token, "messages": HELLO}) as resp:
        assert resp.status == 401
        assert (await resp.json())["message"].startswith(expected)
    assert fake_line_api.delivered_messages_for(USER) == []


def _quick_reply(n: int, label: str = "치킨") -> dict:
    return {"items": [{"type": "action", "action": {"type": "message", "label": label, "text": label}}] * n}


def _bubble(text: str = "떡볶이 3,000원") -> dict:
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical",
                                       "contents": [{"type": "text", "text": text}]}}


@pytest.mark.parametrize("messages, details", [
    (HELLO * 6, [("messages", "Size must be between 1 and 5")]),
    ([], [("messages", "Size must be between 1 and 5")]),
    ([{"type": "text", "text": "가" * 5001}], [("messages[0].text", "Length must be between 0 and 5000")]),
    ([{"type": "text", "text": "🍎" * 2501}], [("messages[0].text", "Length must be between 0 and 5000")]),
    ([{"type": "text", "text": ""}], [("messages[0].text", "May not be empty")]),
    ([{"type": "text"}], [("messages[0].text", "must be specified")]),
    ([{"type": "txt", "text": "hi"}], [("messages[0].type", "Must be one of the following values: "
                                        "[text, image, video, audio, location, sticker, template, imagemap, flex]")]),
    ([{"type": "flex", "altText": "a" * 1501, "contents": _bubble()}],
     [("messages[0].altText", "Length must be between 0 and 1500")]),
    ([{"type": "flex", "altText": "추천", "contents": {"type": "carousel", "contents": [_bubble()] * 13}}],
     [("messages[0].contents.contents", "Size must be between 1 and 12")]),
    ([{"type": "flex", "altText": "추천", "contents": {"type": "box", "layout": "vertical", "contents": []}}],
     [("messages[0].contents.type", "Must be one of the following values: [bubble, carousel]")]),
    ([{"type": "flex", "altText": "추천", "contents": _bubble() | {"footer": {"type": "box", "layout": "vertical",
       "contents": [{"type": "button", "action": {"type": "uri", "label": "지도", "uri": "ftp://x"}}]}}}],
     [("messages[0].contents.footer.contents[0].action.uri", "invalid uri")]),
    ([{"type": "text", "text": "뭐 먹을래?", "quickReply": _quick_reply(14)}],
     [("messages[0].quickReply.items", "Size must be between 1 and 13")]),
    ([{"type": "text", "text": "뭐 먹을래?", "quickReply": _quick_reply(1, "가" * 21)}],
     [("messages[0].quickReply.items[0].action.label", "Length must be between 0 and 20")]),
])
async def test_invalid_messages_get_lines_400_with_details(http, fake_line_api, messages, details):
    token = fake_line_api.issue_reply_token(USER)
    status, body, _ = await call(http, fake_line_api, "/v2/bot/message/reply",
                                 {"replyToken": token, "messages": messages})
    assert status == 400
    assert body["message"] == f"The request body has {len(details)} error(s)"
    assert [(d["property"], d["message"]) for d in body["details"]] == details
    assert fake_line_api.deliveries == []
    # the token was not used up by the rejected request
    ok = await call(http, fake_line_api, "/v2/bot/message/reply", {"replyToken": token, "messages": HELLO})
    assert ok[0] == 200


async def test_limits_are_inclusive(http, fake_line_api):
    messages = [
        {"type": "text", "text": "🍎" * 2500},  # 5000 UTF-16 code units
        {"type": "flex", "altText": "a" * 1500, "contents": {"type": "carousel", "contents": [_bubble()] * 12}},
        {"type": "text", "text": "골라줘", "quickReply": _quick_reply(13, "가" * 20)},
    ]
    status, body, _ = await call(http, fake_line_api, "/v2/bot/message/reply",
                                 {"replyToken": fake_line_api.issue_reply_token(USER), "messages": messages})
    assert (status, len(body["sentMessages"])) == (200, 3)


async def test_unparsable_json_and_retry_key_on_reply_are_rejected(http, fake_line_api):
    url = fake_line_api.base_url + "/v2/bot/message/reply"
    headers = {**auth(fake_line_api), "Content-Type": "application/json"}
    async with http.post(url, data=b'{"replyToken": "x",\n "messages": [', headers=headers) as resp:
        assert resp.status == 400
        assert (await resp.json())["message"].startswith("The request body could not be parsed as JSON (line: 2")
    token = fake_line_api.issue_reply_token(USER)
    status, _, _ = await call(http, fake_line_api, "/v2/bot/message/reply", {"replyToken": token, "messages": HELLO},
                              headers={"X-Line-Retry-Key": str(uuid.uuid4())})
    assert status == 400
    assert fake_line_api.deliveries == []


async def test_bodies_over_2mb_get_413(http, fake_line_api):
    big = json.dumps({"to": USER, "messages": [{"type": "text", "text": "a" * 4000}] * 600}).encode()
    headers = {**auth(fake_line_api), "Content-Type": "application/json"}
    url = fake_line_api.base_url + "/v2/bot/message/push"
    async with http.post(url, data=io.BytesIO(big), headers=headers) as resp:
        assert len(big) > 2_000_000 and resp.status == 413
    assert fake_line_api.pushes[0]["status"] == 413 and fake_line_api.deliveries == []


# ---------------------------------------------------------------- LINE: push ---------------------

async def test_push_with_a_retry_key_is_delivered_once_and_the_repeat_gets_409(http, fake_line_api):
    key = str(uuid.uuid4())
    first = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO},
                       headers={"X-Line-Retry-Key": key})
    again = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO},
                       headers={"X-Line-Retry-Key": key})
    assert first[0] == 200
    assert again[0] == 409
    assert again[1] == {"message": "The retry key is already accepted", "sentMessages": first[1]["sentMessages"]}
    assert again[2]["X-Line-Accepted-Request-Id"] == first[2]["X-Line-Request-Id"]
    assert again[2]["X-Line-Request-Id"] != first[2]["X-Line-Request-Id"]
    assert fake_line_api.delivered_messages_for(USER) == HELLO
    assert [p["retry_key"] for p in fake_line_api.pushes] == [key, key]


async def test_a_malformed_retry_key_is_rejected(http, fake_line_api):
    status, body, _ = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO},
                                 headers={"X-Line-Retry-Key": "not-a-uuid"})
    assert status == 400 and "X-Line-Retry-Key" in body["message"]
    assert fake_line_api.deliveries == []


async def test_injected_failures_then_success_deliver_once(http, fake_line_api):
    fake_line_api.fail_next_pushes(2, status=500)
    key = str(uuid.uuid4())
    statuses = []
    for _ in range(3):
        status, _, _ = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO},
                                  headers={"X-Line-Retry-Key": key})
        statuses.append(status)
    assert statuses == [500, 500, 200]
    assert fake_line_api.delivered_messages_for(USER) == HELLO
    assert len(fake_line_api.accepted_pushes) == 1


async def test_a_lost_answer_then_retry_gets_409_and_no_duplicate(http, fake_line_api):
    fake_line_api.fail_next_pushes(1, status=500, deliver=True)
    key = str(uuid.uuid4())
    lost = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO},
                      headers={"X-Line-Retry-Key": key})
    retry = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO},
                       headers={"X-Line-Retry-Key": key})
    assert (lost[0], retry[0]) == (500, 409)
    assert fake_line_api.delivered_messages_for(USER) == HELLO


async def test_rate_limited_push_gets_429(http, fake_line_api):
    fake_line_api.fail_next_pushes(1, status=429)
    status, body, _ = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO})
    assert (status, body) == (429, {"message": "The API rate limit has been exceeded. Try again later."})
    assert fake_line_api.deliveries == []


async def test_blocked_user_push_answers_200_but_is_not_delivered(http, fake_line_api):
    fake_line_api.block_user(USER)
    status, body, _ = await call(http, fake_line_api, "/v2/bot/message/push", {"to": USER, "messages": HELLO})
    assert status == 200 and len(body["sentMessages"]) == 1
    assert fake_line_api.pushes[0]["accepted"] is True and fake_line_api.pushes[0]["delivered"] is False
    assert fake_line_api.delivered_messages_for(USER) == []


async def test_push_to_an_unknown_user_or_without_to_is_400(http, fake_line_api):
    fake_line_api.mark_unknown_user(OTHER)
    unknown = await call(http, fake_line_api, "/v2/bot/message/push", {"to": OTHER, "messages": HELLO})
    missing = await call(http, fake_line_api, "/v2/bot/message/push", {"messages": HELLO})
    assert unknown[:2] == (400, {"message": "Failed to send messages"})
    assert missing[0] == 400 and missing[1]["details"] == [{"message": "must be specified", "property": "to"}]
    assert fake_line_api.deliveries == []


# ---------------------------------------------------------------- LINE: loading animation --------

@pytest.mark.parametrize("body, status, details", [
    ({"chatId": USER, "loadingSeconds": 10}, 202, None),
    ({"chatId": USER}, 202, None),
    ({"chatId": USER, "loadingSeconds": 61}, 400, [("loadingSeconds", "Must be between 5 and 60"),
                                                   ("loadingSeconds", "must be a multiple of five")]),
    ({"chatId": USER, "loadingSeconds": 7}, 400, [("loadingSeconds", "must be a multiple of five")]),
    ({"chatId": "Ca56f94637c" + "0" * 22, "loadingSeconds": 5}, 400,
     [("chatId", "Only user id is acceptable, please confirm if there are any group/room ids or illegal ids.")]),
])
async def test_loading_animation(http, fake_line_api, body, status, details):
    got_status, got_body, _ = await call(http, fake_line_api, "/v2/bot/chat/loading/start", body)
    assert got_status == status
    if details is None:
        assert got_body == {}
        assert fake_line_api.loading_animations[0]["loading_seconds"] == body.get("loadingSeconds", 20)
    else:
        assert [(d["property"], d["message"]) for d in got_body["details"]] == details


# ---------------------------------------------------------------- LINE: through line-bot-sdk v3 --

@pytest_asyncio.fixture
async def line_sdk(fake_line_api):
    config = Configuration(access_token=fake_line_api.channel_access_token, host=fake_line_api.base_url)
    async with AsyncApiClient(config) as client:
        yield AsyncMessagingApi(client)


async def test_sdk_reply_with_flex_and_quick_reply(line_sdk, fake_line_api):
    token = fake_line_api.issue_reply_token(USER)
    carousel = FlexContainer.from_dict(load("line/line_flex_carousel_container.json"))
    flex = FlexMessage(alt_text="오늘의 추천", contents=carousel)
    text = TextMessage(text="더 볼래?", quick_reply=QuickReply(items=[
        QuickReplyItem(action=MessageAction(label="더 보기", text="더 보기"))]))
    response = await line_sdk.reply_message(ReplyMessageRequest(reply_token=token, messages=[flex, text]))
    assert len(response.sent_messages) == 2
    assert response.sent_messages[1].quote_token
    assert fake_line_api.replies[0]["headers"]["Authorization"] == f"Bearer {fake_line_api.channel_access_token}"
    assert [m["type"] for m in fake_line_api.delivered_messages_for(USER)] == ["flex", "text"]


async def test_sdk_sees_400_on_an_invalid_reply_token(line_sdk, fake_line_api):
    with pytest.raises(ApiException) as caught:
        await line_sdk.reply_message(
            ReplyMessageRequest(reply_token="used-or-unknown", messages=[TextMessage(text="x")]))
    assert caught.value.status == 400
    assert json.loads(caught.value.body) == {"message": "Invalid reply token"}


async def test_sdk_push_with_retry_key_and_the_409_on_repeat(line_sdk, fake_line_api):
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=USER, messages=[TextMessage(text="잔액이 3,000원 남았어요")])
    first = await line_sdk.push_message_with_http_info(request, x_line_retry_key=key)
    assert first.status_code == 200 and len(first.data.sent_messages) == 1
    with pytest.raises(ApiException) as caught:
        await line_sdk.push_message(request, x_line_retry_key=key)
    assert caught.value.status == 409
    assert caught.value.headers["x-line-accepted-request-id"] == first.headers["X-Line-Request-Id"]
    assert fake_line_api.pushes[0]["retry_key"] == key
    assert fake_line_api.delivered_texts_for(USER) == ["잔액이 3,000원 남았어요"]


async def test_sdk_show_loading_animation(line_sdk, fake_line_api):
    await line_sdk.show_loading_animation(ShowLoadingAnimationRequest(chat_id=USER, loading_seconds=20))
    assert [(a["chat_id"], a["loading_seconds"], a["status"]) for a in fake_line_api.loading_animations] == [
        (USER, 20, 202)]
