"""差评 follow-ups between terminal and portal: which steps may go, and what the hall's feed
says of each follow-up (terminal/followups.py keeps them; sync/portal/followups.py takes them).

A step goes after every earlier step of its follow-up in this outbox, and an ``open`` after
its rating: the portal refuses a step out of order, and a rating never arrives after its
follow-up. The feed's ``followup`` entries are the portal's word on where each follow-up of
the hall stands; one never moves a follow-up back behind a step this terminal recorded and
has not sent yet (the portal will hear of it).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sync.cases.outbox import Row
from terminal.followups import OUTBOX_FOLLOWUP_STEP, STATES
from terminal.ratings import OUTBOX_RATING_PUSH


def ready_steps(conn: sqlite3.Connection, limit: int) -> list[Row]:
    rows = conn.execute(
        "SELECT s.id, s.case_id, s.kind, s.idempotency_key, s.body, s.attempts FROM outbox s"
        " WHERE s.state = 'pending' AND s.kind = :step"
        " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.kind = :step AND e.id < s.id"
        "  AND e.state != 'sent'"
        "  AND json_extract(e.body, '$.followup_id') = json_extract(s.body, '$.followup_id'))"
        " AND (json_extract(s.body, '$.step') != 'open' OR EXISTS (SELECT 1 FROM outbox r"
        "  WHERE r.kind = :rating AND r.state = 'sent'"
        "  AND r.idempotency_key = json_extract(s.body, '$.rating_id')))"
        " ORDER BY s.id LIMIT :limit",
        {"step": OUTBOX_FOLLOWUP_STEP, "rating": OUTBOX_RATING_PUSH, "limit": limit},
    )
    return [Row(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def apply_change(conn: sqlite3.Connection, d: dict[str, Any], seq: int) -> None:
    """One ``followup`` feed entry: the follow-up as the portal holds it."""
    state = str(d["state"])
    if state not in STATES:
        raise ValueError(f"follow-up state {state!r}")
    found = conn.execute(
        "SELECT state, portal_seq FROM followups WHERE id = ?", (str(d["followup_id"]),)
    ).fetchone()
    if found is not None and (seq <= found[1] or STATES.index(state) < STATES.index(str(found[0]))):
        return  # older than what is here, or behind a step recorded here and not sent yet

    def flag(v: Any) -> int | None:
        return None if v is None else int(bool(v))

    values = {
        "id": str(d["followup_id"]),
        "rating_id": str(d["rating_id"]),
        "case_id": str(d["case_id"]),
        "receipt_no": str(d["receipt_no"]),
        "service": str(d.get("service") or ""),
        "level": int(d["level"]),
        "reason": str(d.get("reason") or ""),
        "comment": str(d.get("comment") or ""),
        "opened_at": str(d.get("opened_at") or ""),
        "due_date": str(d["due_date"]),
        "state": state,
        "rectified_note": d.get("rectified_note"),
        "rectified_by": d.get("rectified_by"),
        "revisit_reached": flag(d.get("revisit_reached")),
        "revisit_satisfied": flag(d.get("revisit_satisfied")),
        "revisit_how": d.get("revisit_how"),
        "revisit_note": d.get("revisit_note"),
        "revisited_by": d.get("revisited_by"),
        "closed_by": d.get("closed_by"),
        "seq": seq,
    }
    if found is None:
        columns = [k for k in values if k != "seq"]
        conn.execute(
            f"INSERT INTO followups ({', '.join(columns)}, origin, portal_seq)"
            f" VALUES ({', '.join(':' + c for c in columns)}, 'portal', :seq)",
            values,
        )
        return
    changing = [k for k in values if k not in ("id", "rating_id", "case_id", "seq")]
    conn.execute(
        f"UPDATE followups SET {', '.join(f'{k} = :{k}' for k in changing)}, portal_seq = :seq"
        " WHERE id = :id",
        values,
    )
