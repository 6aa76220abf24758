"""What a citizen is told about a case at the kiosk: its state and what to do next.

Found by the receipt number (or the portal's number, or the receipt's QR
text) together with the last four characters of the ID number, so a lost
receipt alone shows nothing about anybody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from terminal import casebook, followups
from terminal.case_events import return_by
from terminal.casebook import CaseNotFound
from terminal.i18n import TongbanError, tr
from terminal.identity import ends_with, last_four
from terminal.store import Store

# A receipt number (terminal-day-number) or the portal's (SH + day + number), wherever a
# scanned address holds it: the portal's /track/REF, a city page's ?ref=REF&src=qr or
# /REF.html. Any other QR (a queue ticket's, a chat app's) holds none: it is left whole, so
# it is refused as malformed rather than looked up, and counted as a guess.
_TRACK = re.compile(
    r"(?<![A-Za-z0-9-])([A-Za-z0-9][A-Za-z0-9-]{1,19}-\d{8}-\d{4}|SH\d{14})(?![A-Za-z0-9-])"
)


class StatusRefused(TongbanError):
    pass


@dataclass(frozen=True)
class CaseStatus:
    receipt_no: str
    service: str
    state: str  # CaseState value
    state_text: str
    advice: str
    source: str  # "local" or "portal"
    portal_case_no: str = ""
    updated_at: str = ""  # the portal's time of its last change (portal answers only)
    case_id: str = ""  # the case's UUID, the same here and on the portal: a rating names it
    hall: str = ""  # the hall that accepted it (portal answers; "" when not said)
    # Where the follow-up of the case's 差评 stands (terminal/followups.py); "" for none.
    followup: str = ""

    @property
    def followup_text(self) -> str:
        """What the citizen who complained is told: that it was handled, once it was."""
        if self.followup == "rectified":
            return tr("followup.kiosk.rectified")
        if self.followup in ("revisited", "closed"):
            return tr("followup.kiosk.revisited")
        return ""

    @property
    def finished(self) -> bool:
        """办结: the portal decided the matter, so the citizen can rate the whole service."""
        return self.state in FINISHED


# The counter's decisions: what the citizen was told at the window.
DECISIONS = ("accepted", "needs_correction", "rejected")


def state_words(state: str, decision: str) -> str:
    """The state as the citizen reads it. "synced" (已上报) is the terminal's bookkeeping, not
    news for them: until the portal says more, the counter's decision is what stands."""
    if state == "synced" and decision in DECISIONS:
        return tr("state." + decision)
    return tr("state." + state)


# The portal's final decisions. Not "withdrawn" (nothing was decided) nor a counter's
# refusal (the citizen rated that at the counter, right after it).
FINISHED = frozenset({"completed", "not_approved"})


def reference_from(text: str) -> str:
    """The receipt number in what a barcode scanner typed (the QR's address) or a person keyed."""
    cleaned = text.strip()
    if "://" not in cleaned:
        return cleaned.upper()  # keyed by hand, or a scanner that types the number itself
    found = _TRACK.findall(cleaned)
    return (found[-1] if found else cleaned).upper()


def look_up(store: Store, reference: str, last4: str, service_name: str = "") -> CaseStatus:
    ref = reference_from(reference)
    tail = last_four(last4)
    if tail is None:
        raise StatusRefused("status.last4")
    try:
        detail = casebook.load_detail(store, ref)
    except CaseNotFound:
        raise StatusRefused("status.not_found") from None
    if not ends_with(detail["id_number"], tail):
        raise StatusRefused("status.not_found")  # the same answer: a guess learns nothing
    return CaseStatus(
        detail["receipt_no"],
        service_name or detail["intake_code"],
        detail["state"],
        state_words(detail["state"], detail["decision"]),
        advice(detail),
        "local",
        detail.get("portal_case_no") or "",
        case_id=detail["id"],
        followup=followups.state_for_case(store.conn, detail["id"]) or "",
    )


RESULT_STATES = ("ready", "collected", "mailed", "delivered")


def advice(detail: dict[str, Any]) -> str:
    """What to do next: the portal's later states first, then what the counter decided."""
    state, decision = str(detail["state"]), str(detail["decision"])
    result = detail.get("result")
    if isinstance(result, dict) and result.get("state") in RESULT_STATES:
        # Where the licence or the letter is (出件, issue 16): what the citizen comes for.
        return tr(
            "status.advice.result_" + str(result["state"]),
            items="、".join(str(i) for i in result.get("items") or []),
            hall=str(result.get("hall") or ""),
            waybill=str(result.get("waybill") or ""),
        )
    if state in ("completed", "not_approved", "withdrawn", "conflict", "voided"):
        return tr("status.advice." + state)
    if decision == "needs_correction":
        names = "、".join(str(m["name"]) for m in detail.get("missing") or [])
        # How to come back, as the notice says it (issue 14): by when, with what, where.
        by = detail.get("return_by")
        if not by and detail.get("received_at"):
            by = return_by(date.fromisoformat(str(detail["received_at"])[:10])).isoformat()
        if by:
            return tr("status.advice.return", by=by, materials=names)
        return tr("status.advice.needs_correction", materials=names)
    if decision == "rejected":
        return tr("status.advice.rejected", reason=detail.get("reason") or "")
    return tr("status.advice.in_progress", due=detail.get("due_date") or "")
