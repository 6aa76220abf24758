"""A supervisor's approval at the counter: someone other than a clerk vouches for one action.

A correction after acceptance, a credit code whose check character fails, anything a clerk
may not decide alone: the supervisor (or an admin) signs in with their own password at the
clerk's window, for that one action. The sign-in goes through ``clerks.authenticate`` (the
same throttle and journal as any sign-in, so the approval box is no side door for guessing
passwords), and the approval itself is a journal entry naming the approver, the clerk who
asked, the purpose and the subject. Its hash goes into the approved action's own entry, so
whoever reads the journal can follow the action to the person who allowed it.

A name typed at a prompt is not a person: an approval exists only as that entry, returned
here; nothing else makes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from terminal import clerks, journal
from terminal.authority import SIGNERS
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.store import Store


class ApprovalRefused(TongbanError):
    pass


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
    terminal: str,
    at: datetime,
) -> Approval:
    """Check the approver and record the approval, or raise saying why (``ClerkError`` for a
    wrong password or a wait, ``ApprovalRefused`` for a clerk without the role)."""
    signer = clerks.authenticate(store, username, password, terminal=terminal, at=at)
    with store.write():
        if signer.role not in SIGNERS:
            journal.append(
                store.conn,
                at=at,
                actor=signer.username,
                terminal=terminal,
                action="approval.refused",
                subject=subject,
                details={"purpose": purpose, "asked_by": asked_by, "role": signer.role.value},
            )
            refused = ApprovalRefused("approval.not_signer", username=signer.username)
        else:
            entry = journal.append(
                store.conn,
                at=at,
                actor=signer.username,
                terminal=terminal,
                action="approval.given",
                subject=subject,
                details={"purpose": purpose, "asked_by": asked_by},
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
