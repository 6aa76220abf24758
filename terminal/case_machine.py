"""The states a case moves through: the portal's (synced, in progress, done…) and the counter's
own actions after the decision (the return after 补正, withdraw, void, correct), with the
sentence a refused move says. Pure: terminal/casebook.py and terminal/case_events.py apply it.
"""

from __future__ import annotations

from enum import Enum

from terminal.i18n import TongbanError, tr


class CaseError(TongbanError):
    pass


class CaseState(Enum):
    DRAFT = "draft"
    ACCEPTED = "accepted"
    NEEDS_CORRECTION = "needs_correction"
    REJECTED = "rejected"
    SYNCED = "synced"  # the portal has the case
    IN_PROGRESS = "in_progress"  # 办理中 (portal)
    COMPLETED = "completed"  # 办结 (portal)
    NOT_APPROVED = "not_approved"  # 不予许可 (portal)
    WITHDRAWN = "withdrawn"  # 撤回 (portal or citizen)
    CONFLICT = "conflict"  # withdrawn online while accepted offline: a person decides
    VOIDED = "voided"  # 作废: accepted in error, voided with a supervisor's approval


_PORTAL_STATES = {
    CaseState.IN_PROGRESS,
    CaseState.COMPLETED,
    CaseState.NOT_APPROVED,
    CaseState.WITHDRAWN,
}
TRANSITIONS: dict[CaseState, set[CaseState]] = {
    CaseState.DRAFT: {CaseState.ACCEPTED, CaseState.NEEDS_CORRECTION, CaseState.REJECTED},
    CaseState.ACCEPTED: {CaseState.SYNCED, CaseState.CONFLICT},
    CaseState.NEEDS_CORRECTION: {CaseState.SYNCED, CaseState.CONFLICT},
    CaseState.REJECTED: {CaseState.SYNCED},
    CaseState.SYNCED: _PORTAL_STATES | {CaseState.CONFLICT},
    CaseState.IN_PROGRESS: {CaseState.COMPLETED, CaseState.NOT_APPROVED, CaseState.WITHDRAWN},
    CaseState.COMPLETED: set(),
    CaseState.NOT_APPROVED: set(),
    CaseState.WITHDRAWN: set(),
    CaseState.CONFLICT: {CaseState.SYNCED, CaseState.WITHDRAWN},
    CaseState.VOIDED: set(),
}

# What a clerk does to a recorded case (terminal/case_events.py), apart from TRANSITIONS,
# which the portal's word walks: for each action, the states it may start from and where it
# leads. A correction changes the case, not its state. The portal checks the same again.
_OPEN = (CaseState.ACCEPTED, CaseState.NEEDS_CORRECTION, CaseState.SYNCED, CaseState.IN_PROGRESS)
COUNTER_MOVES: dict[str, dict[CaseState, CaseState]] = {
    # 补正后受理: the missing materials arrived, within the same case.
    "materials_complete": {
        CaseState.NEEDS_CORRECTION: CaseState.ACCEPTED,
        CaseState.SYNCED: CaseState.ACCEPTED,
    },
    "withdrawn": {s: CaseState.WITHDRAWN for s in _OPEN},
    "voided": {s: CaseState.VOIDED for s in _OPEN},
    "corrected": {s: s for s in (CaseState.ACCEPTED, CaseState.SYNCED, CaseState.IN_PROGRESS)},
}
# The decision the case must carry for each action (a return needs an open 补正 notice).
COUNTER_DECISIONS: dict[str, frozenset[str]] = {
    "materials_complete": frozenset({"needs_correction"}),
    "withdrawn": frozenset({"accepted", "needs_correction"}),
    "voided": frozenset({"accepted", "needs_correction"}),
    "corrected": frozenset({"accepted"}),
}


def check_transition(old: CaseState, new: CaseState) -> None:
    if new not in TRANSITIONS[old]:
        raise CaseError("case.bad_transition", old=old.value, new=new.value)


def counter_move(action: str, old: CaseState, decision: str) -> CaseState:
    """Where a clerk's action takes a case, or ``case.action_refused`` saying why not."""
    new = COUNTER_MOVES[action].get(old)
    if new is None or decision not in COUNTER_DECISIONS[action]:
        raise CaseError(
            "case.action_refused",
            action=tr("case.event." + action),
            state=tr("state." + old.value),
            decision=tr("state." + decision),
        )
    return new
