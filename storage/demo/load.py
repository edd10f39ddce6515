"""Load the demo data set into PostgreSQL, idempotently, in one transaction; create demo users.

How the CLI (``python -m storage …``) calls it::

    conn = await storage.db.connect(settings.database_url)
    # seed-demo
    report = await load_demo_dataset(conn, build_demo_dataset())
    print(report.summary())
    # demo-user --platform kakao --external-id test-1 --balance 8000
    print(await upsert_demo_user(conn, "kakao", "test-1", 8000))

Running ``load_demo_dataset`` twice leaves the database as the first run left it (the second run reports
zero inserted, zero updated). Shops use ``data_source = 'demo'``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal

import asyncpg

from storage.demo.model import PLATFORMS, CouponRecord, DemoCard, DemoDataset, DemoUser
from storage.shop_writer import WriteCounts, upsert_shops

COUPON_COLUMNS = (
    "coupon_name",
    "description",
    "coupon_type",
    "discount_amount",
    "discount_rate",
    "max_discount_amount",
    "min_order_amount",
    "usage_type",
    "target_categories",
    "applicable_shop_ids",
    "target_user_types",
    "valid_from",
    "valid_until",
    "max_issue_count",
    "max_use_per_user",
    "is_active",
    "priority_score",
)
_PARAMS = tuple(name for name in COUPON_COLUMNS if name != "applicable_shop_ids")  # $2 … $17; $1 is the id
_SHOP_IDS = (  # shops named by (name, address) in $18/$19, in that order
    "(SELECT array_agg(s.id ORDER BY k.ord) FROM unnest($18::text[], $19::text[]) WITH ORDINALITY AS k(n, a, ord) "
    "JOIN chatbot.shops s ON s.shop_name = k.n AND s.address_name = k.a)"
)
COUPON_UPSERT = (
    f"INSERT INTO chatbot.coupons AS c (id, {', '.join(COUPON_COLUMNS)}, created_by) VALUES ($1, "
    + ", ".join(_SHOP_IDS if name not in _PARAMS else f"${_PARAMS.index(name) + 2}" for name in COUPON_COLUMNS)
    + ", 'demo') ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{name} = EXCLUDED.{name}" for name in COUPON_COLUMNS)
    + " WHERE ("
    + ", ".join(f"c.{name}" for name in COUPON_COLUMNS)
    + ") IS DISTINCT FROM ("
    + ", ".join(f"EXCLUDED.{name}" for name in COUPON_COLUMNS)
    + ") RETURNING (xmax = 0) AS inserted"
)
# Update first, insert only when missing: INSERT … ON CONFLICT would burn a users.id value on every re-run.
USER_UPDATE = """
UPDATE chatbot.users u SET
    nickname = COALESCE($3, u.nickname), preferred_location = COALESCE($4, u.preferred_location), status = 'ACTIVE'
WHERE u.platform = $1 AND u.external_user_id = $2
  AND (u.nickname, u.preferred_location, u.status)
      IS DISTINCT FROM (COALESCE($3, u.nickname), COALESCE($4, u.preferred_location), 'ACTIVE')
RETURNING id
"""
USER_INSERT = """
INSERT INTO chatbot.users (platform, external_user_id, nickname, preferred_location) VALUES ($1, $2, $3, $4)
ON CONFLICT (platform, external_user_id) DO NOTHING RETURNING id
"""
USER_ID = "SELECT id FROM chatbot.users WHERE platform = $1 AND external_user_id = $2"
CARD_UPDATE = """
UPDATE chatbot.foodcard_users f SET
    balance = $3, status = 'ACTIVE', last_sync_at = now(),
    card_type = CASE WHEN $5 THEN f.card_type ELSE $2 END,
    target_age_group = CASE WHEN $5 THEN f.target_age_group ELSE $4 END,
    balance_alert_sent = CASE WHEN f.balance = $3 THEN f.balance_alert_sent ELSE FALSE END,
    balance_alert_sent_at = CASE WHEN f.balance = $3 THEN f.balance_alert_sent_at END
WHERE f.user_id = $1
  AND ((f.balance, f.status) IS DISTINCT FROM ($3, 'ACTIVE')
       OR (NOT $5 AND (f.card_type, f.target_age_group) IS DISTINCT FROM ($2, $4)))
RETURNING user_id
"""
CARD_INSERT = """
INSERT INTO chatbot.foodcard_users (user_id, card_type, balance, target_age_group, last_sync_at)
VALUES ($1, $2, $3, $4, now())
ON CONFLICT (user_id) DO NOTHING RETURNING user_id
"""
CARD_ID = "SELECT user_id FROM chatbot.foodcard_users WHERE user_id = $1"
Statement = tuple[str, tuple[object, ...]]


async def _update_or_insert(
    conn: asyncpg.Connection, update: Statement, find: Statement, insert: Statement
) -> tuple[int, str]:
    """(id, "updated" | "unchanged" | "inserted"). Updating first and inserting only when the row is missing
    keeps re-runs from burning serial values, as INSERT … ON CONFLICT would."""
    for statement, outcome in ((update, "updated"), (find, "unchanged"), (insert, "inserted")):
        found = await conn.fetchval(statement[0], *statement[1])
        if found is not None:
            return found, outcome
    return await conn.fetchval(find[0], *find[1]), "unchanged"  # another session inserted it just now


@dataclass(frozen=True)
class LoadReport:
    shops: WriteCounts
    coupons_inserted: int
    coupons_updated: int
    users_inserted: int
    users_changed: int  # users or cards updated
    seconds: float

    @property
    def changed_anything(self) -> bool:
        s = self.shops
        return any(
            (
                s.shops_inserted,
                s.shops_updated,
                s.menus_inserted,
                s.menus_updated,
                s.menus_deleted,
                self.coupons_inserted,
                self.coupons_updated,
                self.users_inserted,
                self.users_changed,
            )
        )

    def summary(self) -> str:
        s = self.shops
        return (
            f"shops +{s.shops_inserted} ~{s.shops_updated}, menus +{s.menus_inserted} ~{s.menus_updated} "
            f"-{s.menus_deleted}, coupons +{self.coupons_inserted} ~{self.coupons_updated}, "
            f"users +{self.users_inserted} ~{self.users_changed} in {self.seconds:.2f} s"
        )


def _coupon_args(coupon: CouponRecord) -> tuple[object, ...]:
    rate = Decimal(str(coupon.discount_rate)) if coupon.discount_rate is not None else None
    names = [name for name, _ in coupon.applicable_shop_keys]
    addresses = [address for _, address in coupon.applicable_shop_keys]
    return (
        coupon.id,
        coupon.coupon_name,
        coupon.description,
        coupon.coupon_type,
        coupon.discount_amount,
        rate,
        coupon.max_discount_amount,
        coupon.min_order_amount,
        coupon.usage_type,
        list(coupon.target_categories) or None,
        list(coupon.target_user_types) or None,
        coupon.valid_from,
        coupon.valid_until,
        coupon.max_issue_count,
        coupon.max_use_per_user,
        coupon.is_active,
        Decimal(str(coupon.priority_score)),
        names or None,
        addresses or None,
    )


async def _upsert_coupons(conn: asyncpg.Connection, coupons: tuple[CouponRecord, ...]) -> tuple[int, int]:
    inserted = updated = 0
    for coupon in coupons:
        row = await conn.fetchrow(COUPON_UPSERT, *_coupon_args(coupon))
        if row is not None:
            inserted, updated = inserted + row["inserted"], updated + (not row["inserted"])
    return inserted, updated


async def _upsert_user(conn: asyncpg.Connection, user: DemoUser, *, keep_card_type: bool) -> tuple[int, bool, bool]:
    """(user id, inserted?, anything changed?)."""
    if user.platform not in PLATFORMS:
        raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, not {user.platform!r}")
    key = (user.platform, user.external_user_id)
    args = (*key, user.nickname, user.preferred_location)
    user_id, outcome = await _update_or_insert(conn, (USER_UPDATE, args), (USER_ID, key), (USER_INSERT, args))
    changed = outcome != "unchanged"
    if user.card is not None:
        if user.card.balance < 0:
            raise ValueError("balance must be >= 0")
        card = (user_id, user.card.card_type, user.card.balance, user.card.target_age_group)
        update = (CARD_UPDATE, (*card, keep_card_type))
        _, card_outcome = await _update_or_insert(conn, update, (CARD_ID, (user_id,)), (CARD_INSERT, card))
        changed = changed or card_outcome != "unchanged"
    return user_id, outcome == "inserted", changed


async def load_demo_dataset(conn: asyncpg.Connection, dataset: DemoDataset) -> LoadReport:
    """Upsert every shop, menu, coupon and demo user of ``dataset`` in one transaction."""
    started = time.perf_counter()
    async with conn.transaction():
        counts = await upsert_shops(conn, dataset.shops, data_source="demo", prune_menus=True, keep_computed=True)
        coupons_inserted, coupons_updated = await _upsert_coupons(conn, dataset.coupons)
        users_inserted = users_changed = 0
        for user in dataset.users:
            _, inserted, changed = await _upsert_user(conn, user, keep_card_type=False)
            users_inserted += inserted
            users_changed += changed and not inserted
    return LoadReport(
        counts, coupons_inserted, coupons_updated, users_inserted, users_changed, time.perf_counter() - started
    )


async def upsert_demo_user(conn: asyncpg.Connection, platform: str, external_id: str, balance: int | None) -> int:
    """Create or update the user ``(platform, external_id)``; with ``balance``, give it an active meal card with
    that balance (a new card is an 아동급식카드 for a 중학생; an existing card keeps its type). Returns the user id."""
    if not external_id.strip():
        raise ValueError("external id must not be empty")
    card = DemoCard(balance) if balance is not None else None
    async with conn.transaction():
        user_id, _, _ = await _upsert_user(conn, DemoUser(platform, external_id, card=card), keep_card_type=True)
    return user_id
