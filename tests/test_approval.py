"""A supervisor's approval: only a supervisor or admin with their own password gives one, and
the journal says who approved what for whom."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from terminal import approval, clerks, journal
from terminal.approval import ApprovalRefused
from terminal.clerks import ClerkError, Role
from terminal.store import Store

# What the supervisor was shown: the name, before and after, and why.
SHOWN = approval.change_digest(
    {
        "changes": [{"field": "applicant.name", "before": "测试甲", "after": "测试乙"}],
        "reason": "录错",
    }
)


def add(store: Store, at: datetime, name: str, role: Role) -> None:
    clerks.add_clerk(
        store,
        username=name,
        display_name=name,
        role=role,
        password="s3cret-pass",
        actor="cli",
        terminal="XH-W01",
        at=at,
    )


def ask(store: Store, at: datetime, name: str, password: str = "s3cret-pass") -> approval.Approval:
    return approval.approve(
        store,
        name,
        password,
        purpose="case.correct",
        subject="XH-W01-20261205-0001",
        asked_by="wang.li",
        change=SHOWN,
        terminal="XH-W01",
        at=at,
    )


def test_a_supervisor_approves_and_the_journal_names_them(store: Store, at: datetime) -> None:
    add(store, at, "zhou.sup", Role.SUPERVISOR)
    given = ask(store, at, "zhou.sup")
    entry = journal.recent(store.conn, 1)[0]
    assert (entry.action, entry.actor, entry.subject) == (
        "approval.given",
        "zhou.sup",
        "XH-W01-20261205-0001",
    )
    assert entry.details == {"purpose": "case.correct", "asked_by": "wang.li", "change": SHOWN}
    assert given.entry_hash == entry.hash and given.as_details()["approved_by"] == "zhou.sup"


def test_a_clerk_cannot_approve_and_the_refusal_is_kept(store: Store, at: datetime) -> None:
    add(store, at, "li.clerk", Role.CLERK)
    with pytest.raises(ApprovalRefused) as refused:
        ask(store, at, "li.clerk")
    assert "li.clerk" in str(refused.value)
    assert journal.recent(store.conn, 1)[0].action == "approval.refused"


def test_a_wrong_password_is_a_failed_sign_in_not_an_approval(store: Store, at: datetime) -> None:
    add(store, at, "zhou.sup", Role.SUPERVISOR)
    with pytest.raises(ClerkError):
        ask(store, at, "zhou.sup", "guess-guess")
    actions = [e.action for e in journal.recent(store.conn, 5)]
    assert "approval.given" not in actions and actions[0] == "clerk.login_failed"


def test_an_approval_is_spent_once_for_what_it_approved(store: Store, at: datetime) -> None:
    add(store, at, "zhou.sup", Role.SUPERVISOR)
    given = ask(store, at, "zhou.sup")

    def spend(
        subject: str = "XH-W01-20261205-0001",
        when: datetime = at,
        change: str = SHOWN,
        asked_by: str = "wang.li",
    ) -> dict[str, str]:
        with store.write():
            return approval.spend(
                store.conn,
                given,
                purpose="case.correct",
                subject=subject,
                terminal="XH-W01",
                asked_by=asked_by,
                change=change,
                at=when,
            )

    with pytest.raises(ApprovalRefused):  # another case
        spend("XH-W01-20261205-0002")
    with pytest.raises(ApprovalRefused):  # too late: the supervisor approved another moment
        spend(when=at + approval.APPROVAL_VALID + timedelta(seconds=1))
    # Another change than the one the supervisor read (the name typed again, another value).
    other = approval.change_digest(
        {
            "changes": [{"field": "applicant.name", "before": "测试甲", "after": "李四"}],
            "reason": "录错",
        }
    )
    with pytest.raises(ApprovalRefused):
        spend(change=other)
    with pytest.raises(ApprovalRefused):  # another clerk spending wang.li's approval
        spend(asked_by="zhao.wu")
    forged = replace(given, entry_hash="0" * 64)  # an Approval built by hand proves nothing
    with pytest.raises(ApprovalRefused), store.write():
        approval.spend(
            store.conn,
            forged,
            purpose="case.correct",
            subject="XH-W01-20261205-0001",
            terminal="XH-W01",
            asked_by="wang.li",
            change=SHOWN,
            at=at,
        )
    assert spend()["approved_by"] == "zhou.sup"
    with pytest.raises(ApprovalRefused):  # used once
        spend()
    assert journal.recent(store.conn, 1)[0].action == "approval.used"
