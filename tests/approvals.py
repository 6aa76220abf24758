"""A supervisor's approval as the journal holds it, for tests of the actions that spend one
(terminal/approval.py's own tests go through the password; these need the entry only)."""

from __future__ import annotations

from datetime import datetime

from terminal import journal
from terminal.approval import Approval
from terminal.clock import stamp
from terminal.store import Store


def approved(
    store: Store,
    purpose: str,
    subject: str,
    terminal: str,
    at: datetime,
    *,
    change: str,
    asked_by: str = "li",
) -> Approval:
    """The entry approve() writes for supervisor zhou.sup, asked by clerk li, for the change
    whose digest is ``change`` (terminal/case_approvals.py computes it)."""

    def write() -> Approval:
        entry = journal.append(
            store.conn,
            at=at,
            actor="zhou.sup",
            terminal=terminal,
            action="approval.given",
            subject=subject,
            details={"purpose": purpose, "asked_by": asked_by, "change": change},
        )
        return Approval(
            "zhou.sup", "周主管", "supervisor", purpose, subject, asked_by, stamp(at), entry.hash
        )

    if store.conn.in_transaction:
        return write()
    with store.write():
        return write()
