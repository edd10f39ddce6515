"""``ops.audit_log``: every operator action, who did it, on what (append-only for the application role)."""

from __future__ import annotations

from storage.privacy import mask_value


async def record(conn, operator: str, action: str, target: str | None = None, details: dict | None = None) -> int:
    """Append one entry; ``details`` are masked like a log line (no raw ids, phones or cards in the audit log)."""
    return await conn.fetchval(
        "INSERT INTO ops.audit_log (operator, action, target, details) VALUES ($1, $2, $3, $4::jsonb) RETURNING id",
        operator, action, target, mask_value(details or {}),
    )


async def recent(conn, limit: int = 20) -> list[dict]:
    rows = await conn.fetch(
        "SELECT at, operator, action, target, details FROM ops.audit_log ORDER BY at DESC, id DESC LIMIT $1", limit)
    return [dict(r) for r in rows]
