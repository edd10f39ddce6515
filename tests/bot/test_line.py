"""``POST /webhooks/line`` with the platform's own payloads, signed with a test secret; the reply and push go to
the fake LINE API, which checks them as LINE does."""

import copy
import json
import time
import uuid

import pytest

from tests.bot.conftest import line_body, line_signature, settle
from tests.fakes._payloads import load as load_fixture


def new_user_id() -> str:
    return "U" + uuid.uuid4().hex


def event_from(fixture: str, fake, user_id: str, *, index: int = 0, text: str | None = None, **changes) -> dict:
    """A fixture event made unique for this test: its own user, event id, a live reply token, now as time."""
    event = copy.deepcopy(load_fixture(f"line/{fixture}")["events"][index])
    event["source"]["userId"] = user_id
    event["webhookEventId"] = "01" + uuid.uuid4().hex[:24].upper()
    event["timestamp"] = int(time.time() * 1000)
    if "replyToken" in event:
        event["replyToken"] = fake.issue_reply_token(user_id)
    if text is not None:
        event["message"]["text"] = text
    event.update(changes)
    return event


def text_event(fake, user_id: str, text: str) -> dict:
    return event_from("line_official_multi_event_example.json", fake, user_id, text=text)


async def post_line(client, events: list[dict], *, signature: str | None = None, raw: bytes | None = None):
    body = raw if raw is not None else line_body(events)
    headers = {"Content-Type": "application/json"}
    if signature != "":
        headers["X-Line-Signature"] = signature or line_signature(body)
    return await client.post("/webhooks/line", data=body, headers=headers)


async def test_text_message_is_acknowledged_then_answered_by_reply(bot_client, fake_line_api):
    user = new_user_id()
    response = await post_line(bot_client, [text_event(fake_line_api, user, "5천원으로 점심 뭐 먹지?")])
    assert response.status == 200
    await settle(bot_client)
    replies = fake_line_api.accepted_replies
    assert len(replies) == 1
    messages = replies[0]["messages"]
    assert messages[0]["type"] == "text"
    assert messages[-1].get("quickReply")


async def test_redelivered_event_is_answered_once(bot_client, fake_line_api):
    event = text_event(fake_line_api, new_user_id(), "치킨 먹고 싶어")
    redelivery = {**copy.deepcopy(event), "deliveryContext": {"isRedelivery": True}}
    await post_line(bot_client, [event])
    await post_line(bot_client, [redelivery])
    await settle(bot_client)
    assert len(fake_line_api.accepted_replies) == 1
    assert not fake_line_api.accepted_pushes


@pytest.mark.parametrize("signature", ["", "bm90IHRoZSByaWdodCBzaWduYXR1cmU=", "%%%"])
async def test_forged_or_missing_signature_gets_400_and_nothing_happens(bot_client, fake_line_api, signature):
    event = text_event(fake_line_api, new_user_id(), "안녕")
    response = await post_line(bot_client, [event], signature=signature)
    assert response.status == 400
    await settle(bot_client)
    assert not fake_line_api.replies and not fake_line_api.pushes


async def test_body_signed_with_another_secret_gets_400(bot_client, fake_line_api):
    body = line_body([text_event(fake_line_api, new_user_id(), "안녕")])
    response = await post_line(bot_client, [], raw=body, signature=line_signature(body, "other-secret"))
    assert response.status == 400


async def test_empty_events_verification_gets_200(bot_client, fake_line_api):
    raw = json.dumps(load_fixture("line/line_webhook_empty_events_verification.json")).encode()
    response = await post_line(bot_client, [], raw=raw)
    assert response.status == 200
    await settle(bot_client)
    assert not fake_line_api.replies


async def test_malformed_json_with_a_valid_signature_gets_400(bot_client):
    raw = b'{"destination": "x", "events": [ {'
    assert (await post_line(bot_client, [], raw=raw)).status == 400


async def test_unknown_event_type_and_standby_mode_are_acknowledged_and_not_answered(bot_client, fake_line_api):
    user = new_user_id()
    unknown = {**text_event(fake_line_api, user, "안녕"), "type": "somethingNew"}
    standby = {**text_event(fake_line_api, user, "안녕"), "mode": "standby"}
    response = await post_line(bot_client, [unknown, standby])
    assert response.status == 200
    await settle(bot_client)
    assert not fake_line_api.replies and not fake_line_api.pushes


async def test_group_message_without_a_mention_of_the_bot_is_not_answered(bot_client, fake_line_api):
    user = new_user_id()
    event = event_from("line_text_message_event_group_mention_emoji.json", fake_line_api, user)
    assert (await post_line(bot_client, [event])).status == 200
    await settle(bot_client)
    assert not fake_line_api.replies


async def test_several_users_in_one_body_each_get_their_answer(bot_client, fake_line_api):
    users = [new_user_id() for _ in range(3)]
    await post_line(bot_client, [text_event(fake_line_api, u, "안녕") for u in users])
    await settle(bot_client)
    assert sorted(r["reply_token"] is not None for r in fake_line_api.accepted_replies) == [True] * 3


async def test_expired_reply_token_falls_back_to_push(bot_client, fake_line_api):
    user = new_user_id()
    event = text_event(fake_line_api, user, "만원으로 저녁 추천해줘")
    fake_line_api.expire_reply_token(event["replyToken"])
    await post_line(bot_client, [event])
    await settle(bot_client)
    assert not fake_line_api.accepted_replies
    assert len(fake_line_api.accepted_pushes) == 1
    assert fake_line_api.accepted_pushes[0]["retry_key"]
    assert fake_line_api.delivered_texts_for(user)


async def test_sticker_image_location_and_postback_get_kind_answers(bot_client, fake_line_api):
    user = new_user_id()
    sticker = text_event(fake_line_api, user, "x")
    sticker["message"] = {"id": "1", "type": "sticker", "packageId": "446", "stickerId": "1988",
                          "stickerResourceType": "STATIC"}
    image = text_event(fake_line_api, user, "x")
    image["message"] = {"id": "2", "type": "image", "contentProvider": {"type": "line"}}
    location = event_from("line_location_message_event.json", fake_line_api, user)
    postback = event_from("line_postback_event_datetime.json", fake_line_api, user)
    await post_line(bot_client, [sticker, image, location, postback])
    await settle(bot_client)
    assert len(fake_line_api.accepted_replies) == 4
    for reply in fake_line_api.accepted_replies:
        assert reply["messages"][0]["text"].strip()


async def test_follow_greets_and_unfollow_stops_pushes(bot_client, fake_line_api, pg_pool):
    user = new_user_id()
    await post_line(bot_client, [event_from("line_follow_event.json", fake_line_api, user)])
    await settle(bot_client)
    assert len(fake_line_api.accepted_replies) == 1
    query = "SELECT push_enabled FROM chatbot.users WHERE platform = 'line' AND external_user_id = $1"
    assert await pg_pool.fetchval(query, user) is True
    await post_line(bot_client, [event_from("line_unfollow_event.json", fake_line_api, user)])
    await settle(bot_client)
    assert await pg_pool.fetchval(query, user) is False
    assert len(fake_line_api.accepted_replies) == 1
