"""A return after 补正 that comes after the notice's deadline (review 5, finding 14).

The notice printed a last day to come back (``return_by``, recorded with the case, or
counted by the hall's rule for a case from before it was recorded). Coming later is not
refused here: whether a late return is still taken is the hall's decision, made by the
clerk who is told. It is marked: the window says so before accepting, the return's event
and its journal entry carry it, and the receipt prints it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Late:
    return_by: date
    days: int  # calendar days after the last day

    def to_json(self) -> dict[str, Any]:
        return {"return_by": self.return_by.isoformat(), "days_late": self.days}


def deadline(case: Any) -> date:
    """The notice's last day to come back: as recorded with it, else the hall's rule."""
    materials = case["materials"]
    raw = materials if isinstance(materials, dict) else json.loads(materials or "{}")
    recorded = case.get("return_by") if isinstance(case, dict) else None
    recorded = recorded or raw.get("return_by")
    if recorded:
        return date.fromisoformat(str(recorded))
    from terminal.case_events import return_by  # the hall's rule, for older cases

    return return_by(date.fromisoformat(str(case["received_at"])[:10]))


def late(case: Any, on: date) -> Late | None:
    """Whether coming back ``on`` this day is after the notice's deadline, and by how much."""
    by = deadline(case)
    return Late(by, (on - by).days) if on > by else None


def part(case: Any, on: date) -> dict[str, Any]:
    """What the return's event and journal entry carry: {"late": {...}} or nothing."""
    found = late(case, on)
    return {"late": found.to_json()} if found is not None else {}
