"""Who gets in: the console is off without a token, a wrong token, a missing CSRF token and a forged cookie are
refused, sign-in attempts are limited, and every page carries strict headers."""

from __future__ import annotations

import base64
import json

import pytest

from bot.app import create_app
from bot.ops.state import SESSION_COOKIE
from tests.ops.conftest import OPERATOR, TOKEN, csrf_from, sign_in
from tests.ops.privacy import served

PAGES = ("/ops/", "/ops/overview", "/ops/jobs", "/ops/review")


async def test_console_is_404_when_no_operator_token_is_set(aiohttp_client, bot_settings, nlu_pipeline):
    client = await aiohttp_client(create_app(bot_settings, nlu_pipeline=nlu_pipeline))
    for path in ("/ops/", "/ops/login", "/ops/static/ops.css", "/ops/jobs"):
        assert (await client.get(path)).status == 404
    assert (await client.post("/ops/login", data={"name": OPERATOR, "token": "x"})).status == 404


async def test_pages_send_a_stranger_to_the_sign_in_form(ops_client):
    for path in PAGES:
        response = await ops_client.get(path, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"].startswith("/ops/login?next=")
    stream = await ops_client.get("/ops/conversations/stream", headers={"Accept": "text/event-stream"})
    assert stream.status == 401


async def test_sign_in_with_the_token_opens_every_page(ops_client):
    await sign_in(ops_client)
    for path in PAGES:
        response = await ops_client.get(path)
        assert response.status == 200, path
        html = served(path, await response.text())
        assert OPERATOR in html and 'lang="ko"' in html
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"


async def test_session_cookie_is_httponly_samesite_and_scoped_to_the_console(ops_client):
    login = await ops_client.get("/ops/login")
    response = await ops_client.post("/ops/login", allow_redirects=False, data={
        "name": OPERATOR, "token": TOKEN, "csrf_token": csrf_from(await login.text())})
    assert response.status == 303 and response.headers["Location"] == "/ops/"
    cookie = response.cookies[SESSION_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/ops/"
    assert TOKEN not in cookie.value


async def test_wrong_token_is_refused(ops_client):
    login = await ops_client.get("/ops/login")
    response = await ops_client.post("/ops/login", data={"name": OPERATOR, "token": TOKEN + "x",
                                                         "csrf_token": csrf_from(await login.text())})
    assert response.status == 401
    assert "맞지 않습니다" in await response.text()
    assert (await ops_client.get("/ops/jobs", allow_redirects=False)).status == 303


async def test_sign_in_without_its_csrf_token_is_refused(ops_client):
    await ops_client.get("/ops/login")
    response = await ops_client.post("/ops/login", data={"name": OPERATOR, "token": TOKEN})
    assert response.status == 403
    assert (await ops_client.get("/ops/", allow_redirects=False)).status == 303


async def test_too_many_failed_sign_ins_are_slowed_down(ops_client):
    for _ in range(5):
        login = await ops_client.get("/ops/login")
        await ops_client.post("/ops/login", data={"name": OPERATOR, "token": "guess",
                                                  "csrf_token": csrf_from(await login.text())})
    login = await ops_client.get("/ops/login")
    response = await ops_client.post("/ops/login", data={"name": OPERATOR, "token": TOKEN,
                                                         "csrf_token": csrf_from(await login.text())})
    assert response.status == 429


@pytest.mark.parametrize("path, data", [
    ("/ops/jobs/retry", {"all": "1"}),
    ("/ops/review/1", {"action": "confirm"}),
    ("/ops/logout", {}),
])
async def test_posts_without_the_csrf_token_are_refused(ops_client, path, data):
    csrf = await sign_in(ops_client)
    response = await ops_client.post(path, data=data, allow_redirects=False)
    assert response.status == 403
    wrong = await ops_client.post(path, data={**data, "csrf_token": csrf[:-2] + "xx"}, allow_redirects=False)
    assert wrong.status == 403
    other_site = await ops_client.post(path, data={**data, "csrf_token": csrf}, allow_redirects=False,
                                       headers={"Origin": "https://evil.example"})
    assert other_site.status == 403
    assert (await ops_client.get("/ops/", allow_redirects=False)).status == 200  # still signed in


def _forge(payload: dict) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    return f"{body}.{base64.urlsafe_b64encode(b'0' * 32).rstrip(b'=').decode()}"


@pytest.mark.parametrize("cookie", [
    _forge({"op": "mallory", "sid": "x", "exp": 9999999999}),
    "not-a-cookie",
    "",
])
async def test_forged_session_cookie_is_refused(ops_client, cookie):
    ops_client.session.cookie_jar.update_cookies({SESSION_COOKIE: cookie})
    assert (await ops_client.get("/ops/jobs", allow_redirects=False)).status == 303
    assert (await ops_client.post("/ops/jobs/retry", data={"all": "1", "csrf_token": "x"})).status == 401


async def test_a_tampered_real_cookie_is_refused(ops_client):
    await sign_in(ops_client)
    real = next(c for c in ops_client.session.cookie_jar if c.key == SESSION_COOKIE).value
    body, mac = real.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["op"] = "mallory"
    tampered = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode() + "." + mac
    ops_client.session.cookie_jar.clear()
    ops_client.session.cookie_jar.update_cookies({SESSION_COOKIE: tampered})
    assert (await ops_client.get("/ops/overview", allow_redirects=False)).status == 303


async def test_signing_out_revokes_the_session_even_if_the_cookie_is_kept(ops_client):
    csrf = await sign_in(ops_client)
    kept = next(c for c in ops_client.session.cookie_jar if c.key == SESSION_COOKIE).value
    assert (await ops_client.post("/ops/logout", data={"csrf_token": csrf}, allow_redirects=False)).status == 303
    ops_client.session.cookie_jar.update_cookies({SESSION_COOKIE: kept})
    assert (await ops_client.get("/ops/", allow_redirects=False)).status == 303


async def test_sign_in_never_redirects_off_the_console(ops_client):
    login = await ops_client.get("/ops/login?next=//evil.example/x")
    html = await login.text()
    response = await ops_client.post("/ops/login", allow_redirects=False, data={
        "name": OPERATOR, "token": TOKEN, "csrf_token": csrf_from(html), "next": "//evil.example/x"})
    assert response.headers["Location"] == "/ops/"


async def test_sign_in_and_out_are_audited(ops_client, pg_pool):
    csrf = await sign_in(ops_client, name="감사확인")
    await ops_client.post("/ops/logout", data={"csrf_token": csrf})
    async with pg_pool.acquire() as conn:
        actions = [r["action"] for r in await conn.fetch(
            "SELECT action FROM ops.audit_log WHERE operator = '감사확인' ORDER BY id")]
    assert actions == ["auth.sign_in", "auth.sign_out"]


async def test_deleting_a_users_data_needs_the_key_typed_and_leaves_only_a_receipt(ops_client, pg_pool):
    from storage.privacy_ops import receipt
    from tests.ops.turns import log_turns, make_turn

    (turn,) = await log_turns(pg_pool, make_turn("지울 사용자의 말", intent="UNKNOWN", confidence=0.1))
    csrf = await sign_in(ops_client, name="삭제담당")
    path = f"/ops/users/{turn.user_key}/delete"
    assert (await ops_client.post(path, data={"csrf_token": csrf, "confirm": "wrong"})).status == 400
    done = await ops_client.post(path, data={"csrf_token": csrf, "confirm": turn.user_key})
    assert done.status == 200 and "삭제했습니다" in served("after deletion", await done.text())
    async with pg_pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM chatbot.users WHERE user_key = $1", turn.user_key) == 0
        assert await conn.fetchval("SELECT count(*) FROM chatbot.conversations WHERE event_id = $1",
                                   turn.event_id) == 0
        entries = await conn.fetch("SELECT action, target FROM ops.audit_log WHERE operator = '삭제담당' ORDER BY id")
        assert await conn.fetchval("SELECT count(*) FROM ops.audit_log WHERE strpos(target, $1) > 0 "
                                   "OR strpos(details::text, $1) > 0", turn.user_key) == 0
    assert ("privacy.delete", receipt(turn.user_key)) in [(e["action"], e["target"]) for e in entries]
