"""Queries of the operator console (``bot.ops``): SQL and Redis reads, and the audit log."""
