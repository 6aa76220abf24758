"""A supervisor's approval at the counter: someone other than a clerk vouches for one action.

A correction after acceptance, a credit code whose check character fails, anything a clerk
may not decide alone: the supervisor (or an admin) signs in with their own password at the
clerk's window, for that one action. The sign-in goes through ``clerks.authenticate`` (the
same throttle and journal as any sign-in, so the approval box is no side door for guessing
passwords), and the approval itself is a journal entry naming the approver, the clerk who
asked, the purpose and the subject. Its hash goes into the approved action's own entry, so
whoever reads the journal can follow the action to the person who allowed it.

An approval is for the change the supervisor was shown, not for "a correction of this case":
the approval entry holds a digest of that change (``change_digest``: the fields before and
after, the reason, the amount waived...) and spending it on anything else is refused, as is
spending it for a clerk other than the one who asked.

A name typed at a prompt is not a person: an approval exists only as that entry, returned
here; nothing else makes one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from terminal import clerks, journal
from terminal.authority import SIGNERS
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.store import Store


class ApprovalRefused(TongbanError):
    pass


def change_digest(change: Mapping[str, Any]) -> str:
    """The digest of what the supervisor is shown and the action then does: the same values
    give the same digest, a different field, value or reason another one."""
    text = json.dumps(
        change, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Approval:
    username: str
    display_name: str
    role: str
    purpose: str
    subject: str
    asked_by: str
    at: str
    entry_hash: str  # the journal entry "approval.given": cite it in the approved action

    def as_details(self) -> dict[str, str]:
        """What the approved action's journal entry (and the portal) records of this approval."""
        return {
            "approved_by": self.username,
            "approved_role": self.role,
            "approval_entry": self.entry_hash,
        }


def approve(
    store: Store,
    username: str,
    password: str,
    *,
    purpose: str,
    subject: str,
    asked_by: str,
    change: str,
    terminal: str,
    at: datetime,
) -> Approval:
    """Check the approver and record the approval, or raise saying why (``ClerkError`` for a
    wrong password or a wait, ``ApprovalRefused`` for a clerk without the role, or for the
    person asking: a supervisor working a window is no second pair of eyes on their own case).
    ``change``: ``change_digest`` of what the supervisor was shown."""
    signer = clerks.authenticate(store, username, password, terminal=terminal, at=at)
    with store.write():
        if signer.role not in SIGNERS or signer.username == asked_by:
            own = signer.username == asked_by
            journal.append(
                store.conn,
                at=at,
                actor=signer.username,
                terminal=terminal,
                action="approval.refused",
                subject=subject,
                details={
                    "purpose": purpose,
                    "asked_by": asked_by,
                    "role": signer.role.value,
                    "reason": "own_request" if own else "role",
                },
            )
            message = "approval.own_request" if own else "approval.not_signer"
            refused = ApprovalRefused(message, username=signer.username)
        else:
            entry = journal.append(
                store.conn,
                at=at,
                actor=signer.username,
                terminal=terminal,
                action="approval.given",
                subject=subject,
                details={"purpose": purpose, "asked_by": asked_by, "change": change},
            )
            return Approval(
                username=signer.username,
                display_name=signer.display_name,
                role=signer.role.value,
                purpose=purpose,
                subject=subject,
                asked_by=asked_by,
                at=stamp(at),
                entry_hash=entry.hash,
            )
    # Raised after the refusal is committed, so it stays in the journal.
    raise refused


APPROVAL_VALID = timedelta(minutes=15)  # an approval is for the action in front of them now


def spend(
    conn: sqlite3.Connection,
    given: Approval,
    *,
    purpose: str,
    subject: str,
    terminal: str,
    asked_by: str,
    change: str,
    at: datetime,
    valid: timedelta = APPROVAL_VALID,
) -> dict[str, str]:
    """Inside the approved action's own transaction: check that ``given`` is an approval the
    journal holds, for this purpose and subject, at this terminal, asked by ``asked_by`` (the
    clerk doing the action) for this very change (``change_digest``), recent and not used
    before; mark it used; return what the action records of it. An ``Approval`` object proves
    nothing by itself (anyone can build one): the journal entry it cites does."""
    if not conn.in_transaction:
        raise RuntimeError("approval.spend must run inside the approved action's transaction")
    row = conn.execute(
        "SELECT at, actor, terminal, action, subject, details FROM journal WHERE hash = ?",
        (given.entry_hash,),
    ).fetchone()
    details = json.loads(row[5]) if row is not None else {}
    used = conn.execute(
        "SELECT 1 FROM journal WHERE action = 'approval.used' AND subject = ?",
        (given.entry_hash,),
    ).fetchone()
    if (
        row is None
        or (row[1], row[2], row[3], row[4]) != (given.username, terminal, "approval.given", subject)
        or details.get("purpose") != purpose
        or details.get("asked_by") != asked_by
        or details.get("change") != change
        or used is not None
        or at - datetime.fromisoformat(row[0]) > valid
    ):
        raise ApprovalRefused("approval.not_valid")
    journal.append(
        conn,
        at=at,
        actor=given.username,
        terminal=terminal,
        action="approval.used",
        subject=given.entry_hash,
        details={"purpose": purpose, "case": subject},
    )
    return given.as_details()
