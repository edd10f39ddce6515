from storage.db import connect
from storage.migrate import apply_migrations, discover


async def test_migrations_apply_to_an_empty_database_and_reapply_as_a_no_op(fresh_database_url):
    applied = await apply_migrations(fresh_database_url)
    assert applied == [m.version for m in discover()]
    assert applied, "there is at least one migration"
    assert await apply_migrations(fresh_database_url) == []
    conn = await connect(fresh_database_url)
    try:
        recorded = await conn.fetchval("SELECT count(*) FROM public.schema_migrations")
    finally:
        await conn.close()
    assert recorded == len(applied)
