"""The demo-data commands behind ``python -m storage`` and ``make run``'s first start."""

from __future__ import annotations

import asyncpg
import structlog

from storage.demo.generate import build_demo_dataset
from storage.demo.load import LoadReport, load_demo_dataset

log = structlog.get_logger(__name__)


async def seed_demo(conn: asyncpg.Connection) -> LoadReport:
    """Load (or refresh) the demo data set; running it twice changes nothing the second time."""
    report = await load_demo_dataset(conn, build_demo_dataset())
    log.info("demo_data_loaded", summary=report.summary())
    return report


async def seed_demo_if_empty(conn: asyncpg.Connection) -> LoadReport | None:
    """Load the demo data on the first start only (a database without shops)."""
    if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM chatbot.shops)"):
        return None
    return await seed_demo(conn)
