"""Nothing the console serves shows a raw platform user id, phone, card or resident registration number.

A child types all three into LINE and the web chat; then every console page, the live stream, both conversation
exports and the reviewed-examples export are fetched and grepped, together with everything the other console
tests collected (pages seen in Chromium, downloaded exports) during this run.
"""

from __future__ import annotations

import asyncio
import uuid

from tests.bot.test_line import post_line, text_event
from tests.ops.conftest import sign_in, write_turn_log
from tests.ops.privacy import PII_TEXT, SERVED, leaks, new_line_user, served


async def _first_stream_event(client, query: str) -> str:
    response = await client.get(f"/ops/conversations/stream?{query}", headers={"Accept": "text/event-stream"})
    assert response.status == 200
    received = ""
    async with asyncio.timeout(10):
        while "event: turn" not in received:
            received += (await response.content.readany()).decode()
    response.close()
    return received


async def test_no_raw_ids_or_personal_numbers_in_anything_the_console_served(
        ops_client, ops_settings, fake_line_api, pg_pool):
    marker = f"사생활{uuid.uuid4().hex[:6]}"
    user = new_line_user()
    body = [text_event(fake_line_api, user, f"{PII_TEXT} {marker}")]
    assert (await post_line(ops_client, body)).status == 200
    web = await ops_client.post("/api/v1/chat", json={"user_id": new_line_user(), "message": f"{PII_TEXT} {marker}웹"})
    assert web.status == 200
    for _ in range(100):
        if fake_line_api.accepted_replies:
            break
        await asyncio.sleep(0.05)
    await write_turn_log(ops_settings, pg_pool, marker)
    async with pg_pool.acquire() as conn:
        session_id = await conn.fetchval(
            "SELECT session_id::text FROM chatbot.conversations WHERE input_text LIKE $1 AND channel = 'line'",
            f"%{marker}")
        await conn.execute("INSERT INTO chatbot.nlu_training_data (input_text, predicted_intent, review_status, "
                           "true_intent, reviewed_at, reviewed_by) VALUES ($1, 'UNKNOWN', 'corrected', "
                           "'FOOD_REQUEST', now(), 'x')", f"{marker} 010-2345-6789")
    assert session_id, "the LINE turn was not logged"
    await sign_in(ops_client)
    paths = ["/ops/", f"/ops/?q={marker}", "/ops/?channel=line&below=1", "/ops/overview", "/ops/overview?window=7d",
             "/ops/jobs", "/ops/review", f"/ops/conversations/{session_id}",
             f"/ops/conversations/{session_id}/export.json", f"/ops/conversations/{session_id}/export.md",
             "/ops/review/export.jsonl"]
    for path in paths:
        response = await ops_client.get(path)
        assert response.status == 200, path
        text = served(path, await response.text())
        if "conversations/" in path or "q=" in path:
            assert marker in text and "[PHONE]" in text, path
    served("live stream", await _first_stream_event(ops_client, f"after=0&q={marker}"))
    assert len(SERVED) >= len(paths) + 1
    everything = [(label, found) for label, text in SERVED if (found := leaks(text))]
    assert everything == []
