"""The fake Kakao Event API and callback URLs answer like Kakao."""

from __future__ import annotations

import uuid

import pytest

from ._payloads import ManualClock, load
from .kakao_api import FakeKakaoApi

pytestmark = pytest.mark.asyncio


# ---------------------------------------------------------------- Kakao: Event API ---------------

def kakao_auth(fake: FakeKakaoApi) -> dict[str, str]:
    return {"Authorization": f"KakaoAK {fake.rest_api_key}"}


def event(users: list[str], name: str = "low_balance_alert") -> dict:
    return {"event": {"name": name, "data": {"balance": "3000"}},
            "user": [{"type": "botUserKey", "id": u} for u in users]}


async def talk(http, fake, body, headers=None, bot_id=None):
    url = f"{fake.base_url}/v2/bots/{bot_id or fake.bot_id}/talk"
    async with http.post(url, json=body, headers=kakao_auth(fake) if headers is None else headers) as resp:
        return resp.status, await resp.json()


async def test_event_api_accepts_and_records(http, fake_kakao_api):
    status, body = await talk(http, fake_kakao_api, event(["bu1", "bu2"]))
    assert status == 200
    assert set(body) == {"taskId", "status", "timestamp"} and body["status"] == "SUCCESS"
    assert uuid.UUID(body["taskId"])
    assert fake_kakao_api.delivered_events_for("bu2") == [{"name": "low_balance_alert", "data": {"balance": "3000"}}]
    assert fake_kakao_api.events[0]["task_id"] == body["taskId"]


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "KakaoAK wrong"}, {"Authorization": "Bearer test-kakao-rest-api-key"}])
async def test_event_api_needs_the_rest_api_key(http, fake_kakao_api, headers):
    status, body = await talk(http, fake_kakao_api, event(["bu1"]), headers=headers)
    assert (status, body["code"]) == (401, -401)
    assert fake_kakao_api.delivered_events_for("bu1") == []


@pytest.mark.parametrize("body", [
    event([f"bu{i}" for i in range(101)]),
    event([]),
    event(["bu1", "bu1"]),
    event(["bu1"], name=""),
    {"event": {"name": "x"}, "user": [{"type": "kakaoId", "id": "1"}]},
    {"event": {"name": "x", "data": "not an object"}, "user": [{"type": "botUserKey", "id": "1"}]},
    {"user": [{"type": "botUserKey", "id": "1"}]},
])
async def test_event_api_rejects_malformed_requests(http, fake_kakao_api, body):
    status, answer = await talk(http, fake_kakao_api, body)
    assert (status, answer["code"]) == (400, -2) and answer["msg"]
    assert fake_kakao_api.accepted_events == []


async def test_event_api_limits_are_inclusive_and_dev_channel_id_works(http, fake_kakao_api):
    hundred = await talk(http, fake_kakao_api, event([f"bu{i}" for i in range(100)]))
    dev = await talk(http, fake_kakao_api, event(["bu1"]), bot_id=fake_kakao_api.bot_id + "!")
    wrong = await talk(http, fake_kakao_api, event(["bu1"]), bot_id="someone-elses-bot")
    assert (hundred[0], dev[0], wrong[0]) == (200, 200, 400)


async def test_event_api_injected_failure_then_success(http, fake_kakao_api):
    fake_kakao_api.fail_next_events(1, status=500)
    first = await talk(http, fake_kakao_api, event(["bu1"]))
    second = await talk(http, fake_kakao_api, event(["bu1"]))
    assert (first[0], second[0]) == (500, 200)
    assert len(fake_kakao_api.delivered_events_for("bu1")) == 1


async def test_event_api_blocked_user_is_accepted_but_reported_failed(http, fake_kakao_api):
    fake_kakao_api.block_user("bu2")
    status, body = await talk(http, fake_kakao_api, event(["bu1", "bu2"]))
    async with http.get(f"{fake_kakao_api.base_url}/v1/tasks/{body['taskId']}") as resp:
        result = await resp.json()
    assert (status, body["status"]) == (200, "SUCCESS")
    assert result["status"] == "1 FAIL"
    assert (result["allRequestCount"], result["successCount"], result["fail"]["count"]) == (2, 1, 1)
    assert fake_kakao_api.delivered_events_for("bu2") == [] and len(fake_kakao_api.delivered_events_for("bu1")) == 1


# ---------------------------------------------------------------- Kakao: callback URL ------------

async def post_callback(http, url, payload):
    async with http.post(url, json=payload) as resp:
        return resp.status, await resp.json()


async def test_callback_url_takes_one_valid_answer(http, fake_kakao_api):
    url = fake_kakao_api.new_callback_url("bu1")
    answer = load("kakao/kakao_response_carousel_listcard_quickreplies.json")
    first = await post_callback(http, url, answer)
    second = await post_callback(http, url, load("kakao/kakao_response_simpletext.json"))
    assert first[0] == 200 and first[1]["status"] == "SUCCESS"
    assert set(first[1]) == {"taskId", "status", "message", "timestamp"}
    assert second[0] == 400 and second[1]["status"] == "FAIL"
    assert second[1]["message"] == "Invalid callback token. Check your callback token."
    assert fake_kakao_api.delivered_callbacks_for("bu1") == [answer]


async def test_callback_rejects_an_invalid_answer_and_keeps_the_url(http, fake_kakao_api):
    url = fake_kakao_api.new_callback_url("bu1")
    too_long = {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": "가" * 1001}}]}}
    rejected = await post_callback(http, url, too_long)
    ask_again = await post_callback(http, url, load("kakao/kakao_callback_usecallback_ack.json"))
    accepted = await post_callback(http, url, load("kakao/kakao_response_basiccard.json"))
    assert rejected[0] == 400 and rejected[1]["message"] == "Invalid json response from bot-skill."
    assert fake_kakao_api.callbacks[0]["errors"] == [
        "template.outputs[0].simpleText.text: 1001 characters, the limit is 1000"]
    assert ask_again[0] == 400
    assert accepted[0] == 200
    assert len(fake_kakao_api.delivered_callbacks_for("bu1")) == 1


async def test_callback_url_expires_after_a_minute(http):
    clock = ManualClock()
    async with FakeKakaoApi(clock=clock) as fake:
        late = fake.new_callback_url("bu1")
        on_time = fake.new_callback_url("bu1")
        clock.advance(59)
        ok = await post_callback(http, on_time, load("kakao/kakao_response_simpletext.json"))
        clock.advance(2)
        expired = await post_callback(http, late, load("kakao/kakao_response_simpletext.json"))
        unknown = await post_callback(http, late.rsplit("/", 1)[0] + "/no-such-token",
                                      load("kakao/kakao_response_simpletext.json"))
    assert ok[0] == 200
    assert expired[0] == unknown[0] == 400
    assert expired[1]["message"] == unknown[1]["message"] == "Invalid callback token. Check your callback token."
