"""``POST /webhooks/kakao`` with the platform's own payload, through the real pipeline."""

import copy
import json
import uuid

import pytest

from bot.channels import kakao
from tests.bot.conftest import KAKAO_SECRET
from tests.fakes._payloads import load as load_fixture
from tests.fakes.kakao_schema import validate_skill_response

HEADERS = {"X-Skill-Secret": KAKAO_SECRET}


def skill_payload(utterance: str, user: str | None = None, callback_url: str | None = None) -> dict:
    payload = copy.deepcopy(load_fixture("kakao/kakao_skill_request_docs_example.json"))
    payload["userRequest"]["utterance"] = utterance
    payload["userRequest"]["user"]["id"] = user or f"bu-{uuid.uuid4().hex[:12]}"
    if callback_url:
        payload["userRequest"]["callbackUrl"] = callback_url
    return payload


async def test_budget_question_is_answered_with_a_valid_carousel(bot_client):
    response = await bot_client.post("/webhooks/kakao", json=skill_payload("5천원으로 점심 뭐 먹지?"), headers=HEADERS)
    assert response.status == 200
    body = await response.json()
    assert validate_skill_response(body) == []
    outputs = body["template"]["outputs"]
    assert "simpleText" in outputs[0]
    assert any("carousel" in output for output in outputs)


async def test_a_missing_or_wrong_secret_gets_401(bot_client):
    for headers in ({}, {"X-Skill-Secret": "nope"}):
        response = await bot_client.post("/webhooks/kakao", json=skill_payload("안녕"), headers=headers)
        assert response.status == 401
        assert "error" in await response.json()


@pytest.mark.parametrize(
    "body",
    [b"{broken", json.dumps({"bot": {}}).encode(), json.dumps({"userRequest": {"utterance": "x"}}).encode()],
)
async def test_malformed_payloads_get_400_json(bot_client, body):
    headers = {**HEADERS, "Content-Type": "application/json"}
    response = await bot_client.post("/webhooks/kakao", data=body, headers=headers)
    assert response.status == 400
    assert "error" in await response.json()


async def test_long_texts_and_many_shops_stay_within_kakao_limits(bot_client):
    response = await bot_client.post("/webhooks/kakao", json=skill_payload("가" * 10_000), headers=HEADERS)
    assert validate_skill_response(await response.json()) == []
    response = await bot_client.post("/webhooks/kakao", json=skill_payload("만원으로 저녁 추천해줘"), headers=HEADERS)
    assert validate_skill_response(await response.json()) == []


async def test_slow_turn_with_callback_url_acknowledges_then_posts_once(bot_client, fake_kakao_api, monkeypatch):
    monkeypatch.setattr(kakao, "ANSWER_DEADLINE_S", 0.0)
    url = fake_kakao_api.new_callback_url("bu-callback")
    response = await bot_client.post("/webhooks/kakao", json=skill_payload("5천원으로 뭐 먹지", callback_url=url),
                                     headers=HEADERS)
    body = await response.json()
    assert body["useCallback"] is True
    assert validate_skill_response(body) == []
    from tests.bot.conftest import settle

    await settle(bot_client)
    assert len(fake_kakao_api.accepted_callbacks) == 1
    assert fake_kakao_api.accepted_callbacks[0]["errors"] == []


async def test_slow_turn_without_callback_still_gets_a_kind_answer(bot_client, monkeypatch):
    monkeypatch.setattr(kakao, "ANSWER_DEADLINE_S", 0.0)
    response = await bot_client.post("/webhooks/kakao", json=skill_payload("치킨"), headers=HEADERS)
    body = await response.json()
    assert response.status == 200
    assert validate_skill_response(body) == []
    assert body["template"]["outputs"][0]["simpleText"]["text"]
