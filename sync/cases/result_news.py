"""The portal's news of a case's result (出件, issue 16: ``case.result`` in the feed), at the
counter that recorded the case: where it stands (ready, collected, mailed, delivered) rides in
the case's materials JSON (terminal/casebook.py RIDING), so the history shows it, and the
journal says when the news came. A case this store does not hold is skipped."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from terminal import journal

ACTOR = "portal"
STATES = ("ready", "collected", "mailed", "delivered")


def apply(conn: sqlite3.Connection, data: dict[str, Any], at: datetime) -> bool:
    case_id, state = data.get("case_id"), data.get("state")
    if not isinstance(case_id, str) or state not in STATES:
        return False
    row = conn.execute(
        "SELECT terminal_id, json_extract(materials, '$.result.state') FROM cases WHERE id = ?",
        (case_id,),
    ).fetchone()
    if row is None or row[1] == state:
        return False  # not held here, or nothing new
    result = {"state": state, "waybill": data.get("waybill"), "handed_by": data.get("handed_by")}
    conn.execute(
        "UPDATE cases SET materials = json_set(materials, '$.result', json(?)) WHERE id = ?",
        (json.dumps(result, ensure_ascii=False), case_id),
    )
    journal.append(conn, at=at, actor=ACTOR, terminal=str(row[0]), action="case.result",
                   subject=case_id, details={k: v for k, v in result.items() if v})  # fmt: skip
    return True
