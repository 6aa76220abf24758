"""a supervisor's approval must come from someone other than the person asking."""

from __future__ import annotations

from datetime import datetime

import pytest

from terminal import approval, clerks, journal
from terminal.approval import ApprovalRefused
from terminal.clerks import Role
from terminal.store import Store


def test_a_supervisor_at_the_counter_cannot_approve_their_own_request(
    store: Store, at: datetime
) -> None:
    # A supervisor who works a window that day is signed in as the clerk asking; typing their
    # own password into the approval box is no second pair of eyes, yet it is journaled as one.
    clerks.add_clerk(
        store,
        username="zhou.sup",
        display_name="周主管",
        role=Role.SUPERVISOR,
        password="s3cret-pass",
        actor="cli",
        terminal="XH-W01",
        at=at,
    )
    with pytest.raises(ApprovalRefused):
        approval.approve(
            store,
            "zhou.sup",
            "s3cret-pass",
            purpose="case.correct",
            subject="XH-W01-20261126-0001",
            asked_by="zhou.sup",
            change="0" * 64,
            terminal="XH-W01",
            at=at,
        )
    assert "approval.given" not in [e.action for e in journal.recent(store.conn, 5)]
