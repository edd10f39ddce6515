"""Domain errors: what a caller can act on, instead of raw driver exceptions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import asyncpg


class StorageError(Exception):
    """Base class of every error the storage layer raises on purpose."""


class StorageUnavailable(StorageError):
    """PostgreSQL or Redis cannot be reached right now; the caller may degrade or retry later."""


class ConstraintViolation(StorageError):
    """A write broke a rule of the schema; ``constraint`` names it, ``kind`` says which sort of rule."""

    def __init__(self, kind: str, constraint: str | None, detail: str | None = None):
        self.kind = kind
        self.constraint = constraint
        self.detail = detail
        super().__init__(f"{kind} violated: {constraint or 'unknown constraint'}")


class DuplicateError(ConstraintViolation):
    """A unique rule refused a second row (a second coupon, a second card, the same turn logged twice)."""


class InvalidValue(ConstraintViolation):
    """A CHECK or NOT NULL rule refused a value (a negative price, an unknown category)."""


class MissingReference(ConstraintViolation):
    """A foreign key pointed at a row that does not exist (a conversation for an unknown session)."""


_CONNECTION_ERRORS = (
    OSError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.TooManyConnectionsError,
)


def translate(exc: BaseException) -> StorageError | None:
    """Map a driver exception to a domain error, or ``None`` when it is not one we translate."""
    constraint = getattr(exc, "constraint_name", None)
    detail = getattr(exc, "detail", None)
    if isinstance(exc, asyncpg.UniqueViolationError):
        return DuplicateError("unique", constraint, detail)
    if isinstance(exc, asyncpg.ForeignKeyViolationError):
        return MissingReference("foreign_key", constraint, detail)
    if isinstance(exc, asyncpg.CheckViolationError):
        return InvalidValue("check", constraint, detail)
    if isinstance(exc, asyncpg.NotNullViolationError):
        return InvalidValue("not_null", getattr(exc, "column_name", None), detail)
    if isinstance(exc, asyncpg.exceptions.InvalidTextRepresentationError | asyncpg.DataError):
        return InvalidValue("data", None, str(exc))
    if isinstance(exc, _CONNECTION_ERRORS):
        return StorageUnavailable(str(exc) or type(exc).__name__)
    return None


@contextlib.contextmanager
def domain_errors() -> Iterator[None]:
    """Re-raise driver exceptions inside the block as domain errors."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        mapped = translate(exc)
        if mapped is None:
            raise
        raise mapped from exc
