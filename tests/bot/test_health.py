from bot.app import create_app


async def test_healthz_answers_with_request_id(aiohttp_client, settings):
    client = await aiohttp_client(create_app(settings))
    response = await client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["status"] == "ok"
    assert len(response.headers["X-Request-Id"]) >= 8


async def test_request_id_from_caller_is_kept(aiohttp_client, settings):
    client = await aiohttp_client(create_app(settings))
    response = await client.get("/healthz", headers={"X-Request-Id": "abc12345-trace"})
    assert response.headers["X-Request-Id"] == "abc12345-trace"


async def test_readyz_is_200_when_postgres_and_redis_answer(aiohttp_client, settings):
    client = await aiohttp_client(create_app(settings))
    response = await client.get("/readyz")
    assert response.status == 200
    assert await response.json() == {"status": "ready", "postgres": "ok", "redis": "ok"}


async def test_readyz_is_503_when_redis_is_down(aiohttp_client, settings):
    down = settings.with_services(settings.database_url, "redis://127.0.0.1:1/0")
    client = await aiohttp_client(create_app(down))
    response = await client.get("/readyz")
    assert response.status == 503
    assert (await response.json())["redis"] == "down"


async def test_readyz_is_503_when_postgres_is_down(aiohttp_client, settings):
    down = settings.with_services("postgresql://postgres@127.0.0.1:1/nowhere", settings.redis_url)
    client = await aiohttp_client(create_app(down))
    response = await client.get("/readyz")
    assert response.status == 503
    assert (await response.json())["postgres"] == "down"


async def test_body_over_256_kib_gets_413(aiohttp_client, settings):
    from aiohttp import web

    app = create_app(settings)

    async def echo(request):
        await request.read()
        return web.json_response({})

    app.router.add_post("/echo", echo)
    client = await aiohttp_client(app)
    response = await client.post("/echo", data=b"x" * (256 * 1024 + 1))
    assert response.status == 413
