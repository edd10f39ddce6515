"""The console in headless Chromium: sign in, watch a LINE turn arrive live, filter, open, export, retry a failed
job, correct a review item; and the chat page answers with shop cards. Screenshots go to docs/screenshots/ with
``UPDATE_SCREENSHOTS=1``."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import redis
from rq import Queue
from rq.serializers import JSONSerializer

from storage import review
from tests.bot.test_line import text_event
from tests.ops.conftest import (
    OPERATOR,
    needs_chromium,
    open_console,
    page_html,
    run_burst_worker,
    screenshot_path,
    write_turn_log,
)
from tests.ops.privacy import PII_TEXT, new_line_user, served
from tests.ops.turns import log_turns, make_turn

pytestmark = needs_chromium


async def _replied(fake_line_api, count: int = 1) -> None:
    for _ in range(200):
        if len(fake_line_api.accepted_replies) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not answer the LINE message")


async def _audited(pg_pool, action: str) -> int:
    async with pg_pool.acquire() as conn:
        return await conn.fetchval("SELECT count(*) FROM ops.audit_log WHERE operator = $1 AND action = $2",
                                   OPERATOR, action)


async def _download(page, selector: str, label: str) -> str:
    async with page.expect_download() as info:
        await page.click(selector)
    download = await info.value
    return served(label, Path(await download.path()).read_text(encoding="utf-8"))


async def test_a_line_turn_appears_live_then_filters_timeline_and_export(
        browser, live_server, fake_line_api, pg_pool, tmp_path):
    page = await open_console(browser, live_server)
    await page.evaluate("window.__sameDocument = true")
    marker = f"표식{uuid.uuid4().hex[:6]}"
    user = new_line_user()
    assert await live_server.post_line([text_event(fake_line_api, user, f"{PII_TEXT} {marker}")]) == 200
    await _replied(fake_line_api)
    await write_turn_log(live_server.settings, pg_pool, marker)
    row = page.locator("#turns li", has_text=marker)
    await row.wait_for(timeout=10_000)
    assert await page.evaluate("window.__sameDocument === true")  # arrived through the stream, no reload
    assert "[PHONE]" in await row.inner_text()
    await page.screenshot(path=screenshot_path("ops_conversations.png", tmp_path), full_page=False)
    await page_html(page, "live conversation list")

    await page.select_option("select[name=channel]", "kakao")
    await page.fill("input[name=q]", marker)
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**channel=kakao**")
    assert await page.locator("#turns li", has_text=marker).count() == 0
    await page.select_option("select[name=channel]", "line")
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**channel=line**")
    assert await page.locator("#turns li").count() == 1

    await page.click(f"#turns li:has-text('{marker}') a.says")
    await page.wait_for_selector(".timeline li.focus")
    timeline = await page_html(page, "conversation timeline")
    assert marker in timeline and "BUDGET_INQUIRY" in timeline and "추천한 가게" in timeline
    await page.screenshot(path=screenshot_path("ops_conversation.png", tmp_path), full_page=True)

    exported = json.loads(await _download(page, "#export-json", "conversation export (JSON)"))
    assert [m["role"] for m in exported["messages"]][:2] == ["user", "assistant"]
    assert marker in exported["messages"][0]["content"] and exported["messages"][0]["nlu"]["intent"]
    assert exported["messages"][1]["recommendations"]
    markdown = await _download(page, "#export-md", "conversation export (Markdown)")
    assert markdown.startswith("# line 대화") and "## User" in markdown and "## Assistant" in markdown
    assert await _audited(pg_pool, "conversation.export") >= 2
    assert page.outside_requests == []


async def test_a_failed_job_is_retried_from_the_jobs_page(browser, live_server, pg_pool, tmp_path):
    connection = redis.Redis.from_url(live_server.settings.redis_url)
    queue = Queue("upkeep", connection=connection, serializer=JSONSerializer)
    job = queue.enqueue("builtins.int", args=(f"{new_line_user()} 010-2345-6789",), retry=None)
    await run_burst_worker(live_server.settings, "upkeep")
    assert job.id in queue.failed_job_registry.get_job_ids()

    page = await open_console(browser, live_server)
    await page.goto(f"{live_server.base_url}/ops/jobs")
    failed = page.locator(f"li[data-job='{job.id}']")
    assert "invalid literal for int()" in await failed.locator(".error").inner_text()
    await page_html(page, "jobs page")
    await page.screenshot(path=screenshot_path("ops_jobs.png", tmp_path), full_page=True)
    await failed.locator("button.retry").click()
    await page.wait_for_selector(".notice")
    assert "1개" in await page.inner_text(".notice")
    assert job.id in queue.job_ids and job.id not in queue.failed_job_registry.get_job_ids()
    assert await _audited(pg_pool, "job.retry") >= 1
    job.delete()
    connection.close()


async def test_a_review_correction_lands_in_the_training_data(browser, live_server, pg_pool, tmp_path):
    text = f"ㅁㄴㅇ 떡볶이각 {uuid.uuid4().hex[:6]}"
    (turn,) = await log_turns(pg_pool, make_turn(text, intent="UNKNOWN", confidence=0.18, entities={}))
    page = await open_console(browser, live_server)
    await page.goto(f"{live_server.base_url}/ops/review")
    item = page.locator("#queue > li", has_text=text)
    await item.wait_for()
    await page.screenshot(path=screenshot_path("ops_review.png", tmp_path), full_page=False)
    await item.locator("select[name=intent]").select_option("FOOD_REQUEST")  # click 1
    await item.locator("input[name=entities]").fill('{"food_type": "떡볶이"}')
    await item.locator("form.correct button").click()  # click 2
    await page.wait_for_selector(".notice")
    await page_html(page, "review page")
    async with pg_pool.acquire() as conn:
        row = await conn.fetchrow("SELECT review_status, true_intent, true_entities, reviewed_by "
                                  "FROM chatbot.nlu_training_data WHERE event_id = $1", turn.event_id)
        examples = await review.reviewed_examples(conn)
    assert dict(row) == {"review_status": "corrected", "true_intent": "FOOD_REQUEST",
                         "true_entities": {"food_type": "떡볶이"}, "reviewed_by": OPERATOR}
    assert {"text": text, "intent": "FOOD_REQUEST", "entities": {"food_type": "떡볶이"}} in examples
    lines = (await _download(page, "#export-jsonl", "reviewed examples (JSONL)")).splitlines()
    assert {"text": text, "intent": "FOOD_REQUEST", "entities": {"food_type": "떡볶이"}} in map(json.loads, lines)
    assert await _audited(pg_pool, "review.corrected") >= 1


async def test_overview_draws_its_charts_without_the_internet(browser, live_server, pg_pool, tmp_path):
    turns = await log_turns(pg_pool, *(make_turn(f"개요 {i}", intent="FOOD_REQUEST" if i % 3 else "UNKNOWN",
                                                 confidence=0.3 + i / 20, channel=("line", "kakao", "web")[i % 3],
                                                 minutes_ago=i * 50, shops=i % 2 == 0) for i in range(12)))
    async with pg_pool.acquire() as conn:  # three 👍 and one 👎 on the recommendations shown
        await conn.execute("UPDATE chatbot.recommendations_log SET feedback_rating = CASE WHEN event_id = $1 THEN 1 "
                           "ELSE 5 END WHERE event_id = ANY($2)", turns[0].event_id,
                           [t.event_id for t in turns[:8:2]])
    page = await open_console(browser, live_server)
    await page.goto(f"{live_server.base_url}/ops/overview")
    assert await page.locator("svg.chart").count() >= 6
    assert int((await page.inner_text("#kpi-turns")).replace(",", "")) >= 12
    up, down = map(int, (await page.inner_text("#kpi-feedback")).split("/"))
    assert up >= 3 and down >= 1
    await page_html(page, "overview page")
    await page.screenshot(path=screenshot_path("ops_overview.png", tmp_path), full_page=True)
    await page.goto(f"{live_server.base_url}/ops/overview?window=7d")
    await page_html(page, "overview page (7 days)")
    assert page.outside_requests == []


async def test_the_console_fits_a_phone(browser, live_server, tmp_path):
    page = await open_console(browser, live_server, width=390, height=844)
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    await page.screenshot(path=screenshot_path("ops_conversations_phone.png", tmp_path), full_page=False)


async def test_a_wrong_token_in_the_browser_stays_on_the_sign_in_form(browser, live_server):
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{live_server.base_url}/ops/login")
    await page.fill("input[name=name]", OPERATOR)
    await page.fill("input[name=token]", "not-the-token")
    await page.click("button[type=submit]")
    assert "맞지 않습니다" in await page.inner_text("[role=alert]")
    assert (await context.cookies()) == [] or all(c["name"] != "naviyam_ops" for c in await context.cookies())


async def test_the_chat_page_answers_with_shop_cards(browser, live_server, tmp_path):
    page = await (await browser.new_context(viewport={"width": 420, "height": 860}, locale="ko-KR")).new_page()
    await page.goto(f"{live_server.base_url}/")
    await page.fill("#message", "5천원으로 뭐 먹지?")
    await page.press("#message", "Enter")
    await page.wait_for_selector(".cards .card", timeout=15_000)
    assert await page.locator(".cards .card").count() >= 1
    assert await page.locator("#chips button").count() >= 1
    await page.screenshot(path=screenshot_path("chat.png", tmp_path), full_page=False)
