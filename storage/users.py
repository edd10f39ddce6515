"""Users, their meal cards and profiles (seed 000 §3.3–3.5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from storage.errors import domain_errors

Conn = asyncpg.Connection | asyncpg.Pool


@dataclass(frozen=True)
class UserRecord:
    user_id: int
    platform: str
    user_key: str
    status: str
    push_enabled: bool
    created_at: datetime
    is_new: bool = False


@dataclass(frozen=True)
class MealCard:
    card_id: int
    user_id: int
    card_type: str
    balance: int
    status: str
    alert_threshold: int
    last_sync_at: datetime | None

    @property
    def is_active(self) -> bool:
        return self.status == "ACTIVE"

    @property
    def is_low(self) -> bool:
        return self.balance < self.alert_threshold


@dataclass(frozen=True)
class Profile:
    user_id: int
    preferred_categories: tuple[str, ...] = ()
    average_budget: int | None = None
    favorite_shops: tuple[int, ...] = ()
    taste_preferences: dict | None = None
    companion_patterns: tuple[str, ...] = ()
    location_preferences: tuple[str, ...] = ()
    good_influence_preference: float = 0.5
    interaction_count: int = 0
    data_completeness: float = 0.0


_UPSERT_USER = """
WITH inserted AS (
    INSERT INTO chatbot.users (platform, external_user_id, user_key, last_login_at)
    VALUES ($1, $2, $3, now())
    ON CONFLICT (platform, external_user_id) DO NOTHING
    RETURNING id, platform, user_key, status, push_enabled, created_at, true AS is_new
)
SELECT * FROM inserted
UNION ALL
SELECT id, platform, user_key, status, push_enabled, created_at, false
FROM chatbot.users WHERE platform = $1 AND external_user_id = $2 AND NOT EXISTS (SELECT 1 FROM inserted)
"""


async def get_or_create_user(conn: Conn, platform: str, external_id: str, user_key: str) -> UserRecord:
    """The user of a messenger account, created on the first message (``is_new`` tells which)."""
    with domain_errors():
        row = await conn.fetchrow(_UPSERT_USER, platform, external_id, user_key)
        if row is None:  # a concurrent insert won between our INSERT and SELECT: read it now
            row = await conn.fetchrow(_UPSERT_USER, platform, external_id, user_key)
    return UserRecord(row["id"], row["platform"], row["user_key"], row["status"], row["push_enabled"],
                      row["created_at"], row["is_new"])


async def set_push_enabled(conn: Conn, user_id: int, enabled: bool) -> None:
    """Follow/unfollow: an unfollowed or blocked user gets no push."""
    with domain_errors():
        await conn.execute(
            """UPDATE chatbot.users SET push_enabled = $2,
                   unfollowed_at = CASE WHEN $2 THEN NULL ELSE now() END
               WHERE id = $1""",
            user_id, enabled,
        )


async def get_meal_card(conn: Conn, user_id: int) -> MealCard | None:
    with domain_errors():
        row = await conn.fetchrow(
            """SELECT id, user_id, card_type, balance, status, balance_alert_threshold, last_sync_at
               FROM chatbot.foodcard_users WHERE user_id = $1""",
            user_id,
        )
    if row is None:
        return None
    return MealCard(row["id"], row["user_id"], row["card_type"], row["balance"], row["status"],
                    row["balance_alert_threshold"] or 0, row["last_sync_at"])


async def upsert_meal_card(conn: Conn, user_id: int, balance: int, *, card_type: str = "아동급식카드",
                           age_group: str = "중학생") -> MealCard:
    """Link (or update) the user's meal card with a balance as of now."""
    with domain_errors():
        await conn.execute(
            """INSERT INTO chatbot.foodcard_users (user_id, card_type, target_age_group, balance, last_sync_at)
               VALUES ($1, $2, $3, $4, now())
               ON CONFLICT (user_id) DO UPDATE
                   SET balance = EXCLUDED.balance, last_sync_at = EXCLUDED.last_sync_at""",
            user_id, card_type, age_group, balance,
        )
    card = await get_meal_card(conn, user_id)
    assert card is not None
    return card


async def get_profile(conn: Conn, user_id: int) -> Profile | None:
    with domain_errors():
        row = await conn.fetchrow("SELECT * FROM chatbot.user_profiles WHERE user_id = $1", user_id)
    if row is None:
        return None
    return Profile(
        user_id=user_id,
        preferred_categories=tuple(row["preferred_categories"] or ()),
        average_budget=row["average_budget"],
        favorite_shops=tuple(row["favorite_shops"] or ()),
        taste_preferences=row["taste_preferences"] or {},
        companion_patterns=tuple(row["companion_patterns"] or ()),
        location_preferences=tuple(row["location_preferences"] or ()),
        good_influence_preference=float(row["good_influence_preference"] or 0.5),
        interaction_count=row["interaction_count"] or 0,
        data_completeness=float(row["data_completeness"] or 0.0),
    )


async def save_profile(conn: Conn, profile: Profile) -> None:
    """Create or replace the learned parts of a profile."""
    with domain_errors():
        await conn.execute(
            """INSERT INTO chatbot.user_profiles (user_id, preferred_categories, average_budget, favorite_shops,
                   taste_preferences, companion_patterns, location_preferences, good_influence_preference,
                   interaction_count, data_completeness, last_updated)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
               ON CONFLICT (user_id) DO UPDATE SET
                   preferred_categories = EXCLUDED.preferred_categories, average_budget = EXCLUDED.average_budget,
                   favorite_shops = EXCLUDED.favorite_shops, taste_preferences = EXCLUDED.taste_preferences,
                   companion_patterns = EXCLUDED.companion_patterns,
                   location_preferences = EXCLUDED.location_preferences,
                   good_influence_preference = EXCLUDED.good_influence_preference,
                   interaction_count = EXCLUDED.interaction_count, data_completeness = EXCLUDED.data_completeness,
                   last_updated = now()""",
            profile.user_id, list(profile.preferred_categories), profile.average_budget,
            list(profile.favorite_shops), profile.taste_preferences or {}, list(profile.companion_patterns),
            list(profile.location_preferences), profile.good_influence_preference, profile.interaction_count,
            profile.data_completeness,
        )


async def add_favorite_shop(conn: Conn, user_id: int, shop_id: int, keep: int = 10) -> None:
    """Put ``shop_id`` first among the user's favourite shops (at most ``keep``), creating the profile if needed."""
    with domain_errors():
        await conn.execute(
            """INSERT INTO chatbot.user_profiles (user_id, favorite_shops) VALUES ($1, ARRAY[$2::int])
               ON CONFLICT (user_id) DO UPDATE SET
                   favorite_shops = (array_prepend($2::int, array_remove(chatbot.user_profiles.favorite_shops, $2)))
                                    [1:$3],
                   last_updated = now()""",
            user_id,
            shop_id,
            keep,
        )


async def ensure_profile(conn: Conn, user_id: int) -> bool:
    """Create an empty profile for the user when there is none; True when one was created."""
    with domain_errors():
        status = await conn.execute(
            "INSERT INTO chatbot.user_profiles (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING", user_id
        )
    return status.endswith(" 1")
