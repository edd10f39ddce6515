from bot.app import create_app


async def test_healthz_answers_with_request_id(aiohttp_client, settings, nlu_pipeline):
    client = await aiohttp_client(create_app(settings, nlu_pipeline=nlu_pipeline))
    response = await client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"
    assert len(response.headers["X-Request-Id"]) >= 8


async def test_request_id_from_caller_is_kept(aiohttp_client, settings, nlu_pipeline):
    client = await aiohttp_client(create_app(settings, nlu_pipeline=nlu_pipeline))
    response = await client.get("/healthz", headers={"X-Request-Id": "abc12345-trace"})
    assert response.headers["X-Request-Id"] == "abc12345-trace"


async def test_readyz_is_200_when_postgres_and_redis_answer(aiohttp_client, settings, nlu_pipeline):
    client = await aiohttp_client(create_app(settings, nlu_pipeline=nlu_pipeline))
    response = await client.get("/readyz")
    assert response.status == 200
    assert await response.json() == {"status": "ready", "postgres": "ok", "redis": "ok"}


async def test_readyz_is_503_when_redis_is_down(aiohttp_client, settings, nlu_pipeline):
    down = settings.with_services(settings.database_url, "redis://127.0.0.1:1/0")
    client = await aiohttp_client(create_app(down, nlu_pipeline=nlu_pipeline))
    response = await client.get("/readyz")
    assert response.status == 503
    assert (await response.json())["redis"] == "down"


async def test_readyz_is_503_when_postgres_is_down(aiohttp_client, settings, nlu_pipeline):
    down = settings.with_services("postgresql://postgres@127.0.0.1:1/nowhere", settings.redis_url)
    client = await aiohttp_client(create_app(down, nlu_pipeline=nlu_pipeline))
    response = await client.get("/readyz")
    assert response.status == 503
    assert (await response.json())["postgres"] == "down"


async def test_body_over_256_kib_gets_413(aiohttp_client, settings, nlu_pipeline):
    from aiohttp import web

    app = create_app(settings, nlu_pipeline=nlu_pipeline)

    async def echo(request):
        await request.read()
        return web.json_response({})

    app.router.add_post("/echo", echo)
    client = await aiohttp_client(app)
    response = await client.post("/echo", data=b"x" * (256 * 1024 + 1))
    assert response.status == 413


async def test_chat_page_and_its_assets_are_served(aiohttp_client, settings, nlu_pipeline):
    client = await aiohttp_client(create_app(settings, nlu_pipeline=nlu_pipeline))
    page = await client.get("/")
    assert page.status == 200
    html = await page.text()
    assert "나비얌" in html and "/static/chat.js" in html
    script = await client.get("/static/chat.js")
    assert script.status == 200
    assert "/api/v1/chat" in await script.text()
    assert (await client.get("/static/../app.py")).status == 404


async def test_metrics_count_requests_per_route_and_show_queue_depths(aiohttp_client, settings, nlu_pipeline):
    client = await aiohttp_client(create_app(settings, nlu_pipeline=nlu_pipeline))
    await client.get("/healthz")
    await client.post("/api/v1/chat", json={"user_id": "metrics-user", "message": "안녕"})
    response = await client.get("/metrics")
    assert response.status == 200
    text = await response.text()
    assert 'naviyam_http_requests_total{method="GET",route="/healthz",status="200"}' in text
    assert 'naviyam_turns_total{channel="web",intent=' in text
    assert 'naviyam_queue_depth{queue="logs"}' in text
