"""Time for records: timezone-aware, second precision, and replaceable in tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# Halls run on Beijing time whatever the machine's zone says; a receipt printed
# at 09:05 must say 09:05.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> datetime:
    return datetime.now(CHINA).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """ISO 8601 with offset; aware datetimes only, so stored times never mean two things."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(CHINA).isoformat(timespec="seconds")
