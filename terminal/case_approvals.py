"""What a supervisor approves for a case event (terminal/case_events.py): the exact change,
as a digest the approval entry holds (terminal/approval.py ``change_digest``).

The window computes the digest from what it shows the supervisor; the event computes it again
from what it is about to record. An approval given for "姓名 张三 → 张三丰" cannot then be
spent on "姓名 张三 → 李四", nor one given for clerk li by clerk wang.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from terminal import approval as approvals
from terminal.approval import Approval
from terminal.case_machine import CaseError

if TYPE_CHECKING:
    from terminal.case_events import Change

VOID = "case.void"
CORRECT = "case.correct"


def void_change(reason: str) -> str:
    """The digest of a void as the supervisor reads it: the reason."""
    return approvals.change_digest({"reason": reason.strip()})


def correction_change(changes: Sequence[Change], reason: str) -> str:
    """The digest of a correction as the supervisor reads it: every field, before and after,
    and the reason."""
    return approvals.change_digest(
        {
            "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in changes],
            "reason": reason.strip(),
        }
    )


def spend(
    conn: sqlite3.Connection,
    given: Approval,
    *,
    purpose: str,
    case_id: str,
    change: str,
    clerk: str,
    terminal: str,
    at: datetime,
) -> dict[str, Any]:
    """Spend ``given`` on this action of this case, in the action's transaction; refuse an
    approval for another action or case in words (``case.approval_other``)."""
    if given.purpose != purpose or given.subject != case_id:
        raise CaseError("case.approval_other", purpose=given.purpose)
    return approvals.spend(
        conn,
        given,
        purpose=purpose,
        subject=case_id,
        terminal=terminal,
        asked_by=clerk,
        change=change,
        at=at,
    )
