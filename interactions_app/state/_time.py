"""Instants as stored: UTC ISO 8601 text with a fixed width, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime


def require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {value.isoformat()}")


def to_db(value: datetime, name: str = "datetime") -> str:
    require_aware(value, name)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def optional_from_db(text: str | None) -> datetime | None:
    return None if text is None else from_db(text)
