"""Data and a process for ``bench/recommender_bench.py``: 100,000 shops spread over Seoul with menus the food
filters can find, and the memory of a real ``python -m bot`` web process."""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import aiohttp

SEOUL = (37.45, 37.65, 126.85, 127.15)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HOURS = (
    {d: {"open": "10:00", "close": "21:00"} for d in DAYS},
    {d: {"open": "11:00", "close": "22:00", "break_start": "15:00", "break_end": "17:00"} for d in DAYS[:6]}
    | {"sunday": {"closed": True}},
    {d: {"open": "16:00", "close": "02:00"} for d in DAYS},
    {d: {"open": "00:00", "close": "24:00"} for d in DAYS},
    {d: {"open": "07:00", "close": "20:00"} for d in DAYS[1:]}
    | {"monday": {"closed": True}, "holiday": {"closed": True}},
)
MENUS = {
    "분식": ("김밥", "떡볶이", "라면", "순대", "튀김", "쫄면"),
    "중식": ("짜장면", "짬뽕", "볶음밥", "탕수육", "짜장밥"),
    "한식": ("김치찌개", "된장찌개", "제육볶음", "돼지국밥", "비빔밥"),
    "치킨": ("후라이드치킨", "양념치킨", "반마리 후라이드"),
    "피자": ("페퍼로니피자", "불고기피자", "치즈피자"),
    "일식": ("돈까스", "우동", "초밥", "카레"),
    "패스트푸드": ("불고기버거", "치킨버거", "감자튀김 세트"),
    "도시락/죽": ("치킨마요", "참치마요", "야채죽"),
    "편의점": ("삼각김밥", "컵라면", "편의점 도시락"),
    "양식": ("토마토파스타", "크림파스타", "리조또"),
    "카페/디저트": ("샌드위치", "토스트", "베이글"),
    "프랜차이즈": ("덮밥", "떡볶이", "라면"),
    "기타음식": ("쌀국수", "팟타이"),
}
PRICES = (1800, 3000, 3500, 4500, 5000, 6000, 7000, 8000, 9000, 11000, 15000, 19000)


def _shop(i: int, rng: random.Random) -> tuple:
    category = rng.choice(tuple(MENUS))
    seats = rng.randint(8, 80)
    return (f"벤치가게{i}", category, f"서울 벤치구 {i}번지", json.dumps(rng.choice(HOURS)),
            rng.uniform(SEOUL[0], SEOUL[1]), rng.uniform(SEOUL[2], SEOUL[3]), rng.choice("YYYYPNNU"),
            rng.random() < 0.1, round(rng.random(), 3), round(rng.random(), 3), seats,
            seats >= 30 and rng.random() < 0.4, seats >= 40 and rng.random() < 0.3)


async def add_generated_shops(conn, rng: random.Random, count: int = 100_000) -> None:
    """``count`` shops spread uniformly over Seoul, five menus each, then ANALYZE."""
    shops = [_shop(i, rng) for i in range(count)]
    columns = [list(column) for column in zip(*shops, strict=True)]
    await conn.execute(
        """INSERT INTO chatbot.shops (shop_name, category, address_name, business_hours, latitude, longitude,
               is_food_card_shop, is_good_influence_shop, popularity_score, quality_score, seat_count,
               accepts_group_reservation, has_private_room)
           SELECT n, c, a, h::jsonb, la, lo, f, g, p, q, s, gr, pr
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[],
                       $8::bool[], $9::float8[], $10::float8[], $11::int[], $12::bool[], $13::bool[])
                AS t(n, c, a, h, la, lo, f, g, p, q, s, gr, pr)""",
        *columns,
    )
    rows = await conn.fetch("SELECT id, category FROM chatbot.shops WHERE shop_name LIKE '벤치가게%'")
    menus = [(row["id"], name, rng.choice(PRICES), "메인메뉴", rng.random() < 0.2)
             for row in rows for name in rng.sample(MENUS[row["category"]], min(5, len(MENUS[row["category"]])))]
    await conn.copy_records_to_table("menus", schema_name="chatbot", records=menus,
                                     columns=["shop_id", "menu_name", "price", "category", "is_popular"])
    await conn.execute("ANALYZE chatbot.shops; ANALYZE chatbot.menus")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


async def _chat(session: aiohttp.ClientSession, base: str, n: int) -> None:
    messages = ("5천원으로 점심 뭐 먹지?", "치킨 먹고 싶어", "다른 데는?", "거기 몇 시까지 해?",
                "국물 있는 거 먹고 싶어")
    for i in range(n):
        body = {"user_id": f"bench-{i % 20}", "message": messages[i % len(messages)], "session_id": f"s{i % 20}",
                "location": {"latitude": 37.5404, "longitude": 127.0692}}
        async with session.post(f"{base}/api/v1/chat", json=body) as response:
            await response.read()


async def web_memory(database_url: str, redis_url: str, requests: int = 300) -> dict:
    """Start ``python -m bot`` on the bench database; its RSS when ready and after ``requests`` chat turns."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "PORT": str(port),
           "LOG_FORMAT": "json", "PSEUDONYM_SECRET": uuid.uuid4().hex}
    process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            started = time.perf_counter()
            while time.perf_counter() - started < 180:
                try:
                    async with session.get(f"{base}/readyz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.5)
            ready_s, ready_mb = round(time.perf_counter() - started, 1), _rss_mb(process.pid)
            await _chat(session, base, requests)
            after = _rss_mb(process.pid)
            return {"start_s": ready_s, "rss_ready_mb": ready_mb, f"rss_after_{requests}_turns_mb": after}
    finally:
        process.terminate()
        process.wait(timeout=30)
