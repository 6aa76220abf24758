"""The supervisor's approvals a case carries into its decision, spent in the decision's own
transaction (terminal/casebook.py record_decision): a credit code whose check character fails
(``uscc.override``). Each is bound to what the supervisor was shown (its ``change_digest``)
and to the clerk who asked, who must be the one recording the case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta

from terminal import approval as approvals
from terminal import credit_code
from terminal.cases import Decided

USCC_OVERRIDE = "uscc.override"
# A credit-code override is approved while the case is captured, and the case may be decided
# later the same day (a draft resumed after lunch): valid until the end of a working day.
OVERRIDE_VALID = timedelta(hours=12)


def override_change(code: str) -> str:
    """What the supervisor approves for a company: this credit code, as it is."""
    return approvals.change_digest({"credit_code": credit_code.normalise(code)})


def cited(given: Mapping[str, str], purpose: str, subject: str) -> approvals.Approval:
    """The approval a case's record cites (``Approval.as_details``): proof only once spent."""
    return approvals.Approval(
        username=str(given.get("approved_by", "")),
        display_name="",
        role=str(given.get("approved_role", "")),
        purpose=purpose,
        subject=subject,
        asked_by="",
        at="",
        entry_hash=str(given.get("approval_entry", "")),
    )


def spend_all(
    conn: sqlite3.Connection, decided: Decided, *, clerk: str, terminal: str, at: datetime
) -> None:
    """Every approval the case carries is the journal's, for this case and this change, asked
    by ``clerk`` (who records it), recent and unused; spent with the case."""
    case_id = decided.capture.case_id
    company = decided.capture.parties.company
    if company is not None and company.override:
        approvals.spend(
            conn,
            cited(company.override, USCC_OVERRIDE, case_id),
            purpose=USCC_OVERRIDE,
            subject=case_id,
            terminal=terminal,
            asked_by=clerk,
            change=override_change(company.credit_code),
            at=at,
            valid=OVERRIDE_VALID,
        )
