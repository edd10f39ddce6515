"""The real NLU pipeline (KoNLPy Okt + the shipped model): intents, precedence, bad input."""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path

import pytest

from nlu.classifier import active_version, load_model
from nlu.evaluation import evaluate
from nlu.morph import RegexAnalyzer, make_analyzer
from nlu.pipeline import NluConfig, NluPipeline
from nlu.training import read_examples
from nlu.types import Intent, NluResult
from tests.nlu.shared_pipeline import shared_pipeline

TEST_DATA = Path(__file__).resolve().parents[2] / "nlu" / "data" / "test.jsonl"


@pytest.fixture(scope="module")
def pipeline() -> NluPipeline:
    return shared_pipeline()


@pytest.mark.parametrize(("text", "intent"), [
    ("5천원으로 점심 뭐 먹지?", Intent.BUDGET_INQUIRY),
    ("만원 이하 치킨", Intent.BUDGET_INQUIRY),
    ("치킨 먹고 싶어", Intent.FOOD_REQUEST),
    ("급식카드 되는 식당", Intent.FOOD_REQUEST),
    ("혼밥하기 좋은 곳", Intent.FOOD_REQUEST),
    ("돈이 없는데 배고파요", Intent.EMERGENCY_FOOD),
    ("이틀째 굶고 있어요", Intent.EMERGENCY_FOOD),
    ("6명이서 먹을 데 있어?", Intent.GROUP_DINING),
    ("동아리 회식 장소 추천", Intent.GROUP_DINING),
    ("급식카드 잔액 얼마 남았어?", Intent.BALANCE_CHECK),
    ("급식카드 충전 언제 돼요?", Intent.BALANCE_CHARGE),
    ("쿠폰 어떻게 써요?", Intent.COUPON_INQUIRY),
    ("거기 몇 시까지 해요?", Intent.TIME_INQUIRY),
    ("그 가게 어디에 있어요?", Intent.LOCATION_INQUIRY),
    ("짜장면 곱빼기 되나요?", Intent.MENU_OPTION),
    ("안녕 고마워", Intent.GENERAL_CHAT),
    ("숙제 도와줘", Intent.UNKNOWN),
])
def test_clear_examples_of_every_intent(pipeline: NluPipeline, text: str, intent: Intent) -> None:
    assert pipeline.analyze(text).intent == intent


@pytest.mark.parametrize("text", [
    "돈 없어요",
    "돈없는데배고파",
    "어제부터 아무것도 못 먹었어요",
    "무료 급식소 어디 있어요",
    "긴급 식사 쿠폰 받고싶어요",          # not COUPON_INQUIRY
    "돈 없는데 치킨 먹고싶어",            # not FOOD_REQUEST
    "우리 가족 넷이 밥 먹을 돈이 없어요",   # not GROUP_DINING
    "돈 없는데 배고파요 3천원밖에 없어",    # not BUDGET_INQUIRY
    "ㅠㅠ 배고파 돈없어",                  # not small talk
    "안녕 나 돈이 하나도 없어 밥 못먹었어",  # a greeting does not make it small talk
])
def test_emergency_food_takes_precedence(pipeline: NluPipeline, text: str) -> None:
    result = pipeline.analyze(text)
    assert result.intent == Intent.EMERGENCY_FOOD
    assert result.confidence >= 0.5


def test_hunger_alone_is_a_food_request_with_urgency(pipeline: NluPipeline) -> None:
    result = pipeline.analyze("배고파 뭐 먹지")
    assert result.intent == Intent.FOOD_REQUEST
    assert result.entities.get("urgency") == "high"


def test_budget_and_head_count_decide_inside_the_recommendation_family(pipeline: NluPipeline) -> None:
    assert pipeline.analyze("떡볶이 먹고 싶어").intent == Intent.FOOD_REQUEST
    assert pipeline.analyze("7천원으로 떡볶이 먹고 싶어").intent == Intent.BUDGET_INQUIRY
    grouped = pipeline.analyze("친구 3명이랑 나까지 넷이서 2만원으로 떡볶이")
    assert grouped.intent == Intent.GROUP_DINING
    assert grouped.entities["companion_count"] == 4


def test_result_carries_the_entities(pipeline: NluPipeline) -> None:
    result = pipeline.analyze("5천원으로 점심 뭐 먹지")
    assert result.entities["budget"] == 5000
    assert result.entities["time_preference"] == "점심"


def test_spacing_does_not_change_the_intent(pipeline: NluPipeline) -> None:
    spaced = pipeline.analyze("오천원으로 점심 뭐 먹을 수 있어?")
    unspaced = pipeline.analyze("오천원으로점심뭐먹을수있어?")
    assert spaced.intent == unspaced.intent == Intent.BUDGET_INQUIRY


BAD_INPUTS = {
    "empty": "",
    "whitespace": " \t \u3000 ",
    "only emoji": "😂😂😂🍗",
    "only laughter": "ㅋㅋㅋㅋㅋㅋ",
    "control characters": "\x00\x01\x07\x1b\x7f\x9b",
    "sql": "'; DROP TABLE users; --",
    "select": "SELECT * FROM users WHERE 1=1",
    "script": "<script>alert(1)</script>",
    "punctuation": "?!?!...",
    "lone surrogate": "\ud800",
    "zero width": "\u200b\u200d",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_unknown_and_a_defined_result(pipeline: NluPipeline, name: str) -> None:
    result = pipeline.analyze(BAD_INPUTS[name])
    assert result.intent == Intent.UNKNOWN
    assert result.confidence == 1.0
    assert dict(result.entities) == {}
    json.dumps(result.to_json_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("text", [
    "I like turtles", "what is the capital of France", "1234", "ㅁㄴㅇㄹ", "a" * 10000, "\x1b[31m빨강\x1b[0m",
])
def test_foreign_or_meaningless_text_gives_a_defined_result(pipeline: NluPipeline, text: str) -> None:
    result = pipeline.analyze(text)
    assert result.intent in (Intent.UNKNOWN, Intent.GENERAL_CHAT)
    assert 0.0 <= result.confidence <= 1.0


def test_ten_thousand_characters_of_nonsense_are_unknown(pipeline: NluPipeline) -> None:
    result = pipeline.analyze("가나다라마바사" * 1429)
    assert result.intent == Intent.UNKNOWN
    assert 0.0 <= result.confidence <= 1.0


def test_non_string_input_is_treated_as_empty(pipeline: NluPipeline) -> None:
    assert pipeline.analyze(None).intent == Intent.UNKNOWN  # type: ignore[arg-type]


def test_long_input_is_cut_before_analysis(pipeline: NluPipeline) -> None:
    text = "5천원으로 점심 뭐 먹지 " + "ㅋ" * 9000 + " 돈 없어"
    result = pipeline.analyze(text)
    assert result.text == text
    assert result.intent == Intent.BUDGET_INQUIRY


def test_to_json_dict_has_exactly_the_contract_keys(pipeline: NluPipeline) -> None:
    payload = pipeline.analyze("만원으로 치킨 가능?").to_json_dict()
    assert set(payload) == {"text", "intent", "confidence", "entities"}
    assert payload["intent"] == "BUDGET_INQUIRY"
    assert isinstance(payload["confidence"], float) and payload["confidence"] == round(payload["confidence"], 3)


def test_nlu_result_is_frozen_and_clamps_confidence() -> None:
    result = NluResult("x", "GENERAL_CHAT", 1.23456, {"budget": 5000})  # type: ignore[arg-type]
    assert result.intent is Intent.GENERAL_CHAT and result.confidence == 1.0
    assert NluResult("x", Intent.UNKNOWN, float("nan")).confidence == 0.0
    assert NluResult("x", Intent.UNKNOWN, 0.12345).confidence == 0.123
    with pytest.raises(AttributeError):
        result.intent = Intent.UNKNOWN  # type: ignore[misc]
    assert dataclasses.asdict(result)["entities"] == {"budget": 5000}


def test_batch_keeps_the_order(pipeline: NluPipeline) -> None:
    texts = ["쿠폰 있어?", "", "돈이 없어요 배고파", "몇 시에 열어요?"]
    results = pipeline.analyze_batch(texts)
    assert [r.text for r in results] == texts
    assert [r.intent for r in results] == [Intent.COUPON_INQUIRY, Intent.UNKNOWN, Intent.EMERGENCY_FOOD,
                                           Intent.TIME_INQUIRY]


def test_threads_share_one_pipeline(pipeline: NluPipeline) -> None:
    texts = [e.text for e in read_examples(TEST_DATA)][:120]
    expected = [pipeline.analyze(text) for text in texts]
    outcomes: dict[int, list[NluResult]] = {}

    def work(worker: int) -> None:
        outcomes[worker] = [pipeline.analyze(text) for text in texts]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(outcomes[n] == expected for n in range(4))


def test_intent_accuracy_on_the_test_set(pipeline: NluPipeline) -> None:
    report = evaluate(pipeline, read_examples(TEST_DATA))
    assert report.total >= 300
    assert report.accuracy >= 0.93, report.errors


def test_regex_fallback_needs_no_jvm_and_still_answers() -> None:
    fallback = NluPipeline(RegexAnalyzer(), load_model(), NluConfig(analyzer="regex"))
    assert fallback.analyze("돈이 없는데 배고파요").intent == Intent.EMERGENCY_FOOD
    assert fallback.analyze("").intent == Intent.UNKNOWN
    assert fallback.analyze("5천원으로 점심 뭐 먹지").entities["budget"] == 5000


def test_pipeline_reports_its_model_and_analyzer(pipeline: NluPipeline) -> None:
    assert pipeline.model_version == active_version()
    assert pipeline.analyzer_name == "okt"


def test_analyzer_is_chosen_by_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLU_ANALYZER", "regex")
    assert make_analyzer().name == "regex"
    assert make_analyzer("okt").name == "okt"
    assert make_analyzer("komoran").name == "komoran"
    with pytest.raises(ValueError):
        make_analyzer("mecab")
