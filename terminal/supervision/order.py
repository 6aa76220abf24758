"""The order a ticket's or a case's events can happen in, and what each one closes (pure).

``step`` is the one rule: given what already happened to a subject, is this event possible,
and how many seconds does it close (a wait ends at the first call after the ticket was taken
or transferred; a handling ends when service ends, counted from service start, else from
the call)? The store's writer (events.py) and the property tests both go through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from terminal.i18n import TongbanError

TICKET_KINDS = (
    "taken",
    "called",
    "served_from",
    "served_to",
    "skipped",
    "transferred",
    "no_show",
)

# The state each event leaves a subject in, and the states it may happen in.
_LEAVES = {
    "taken": "waiting",
    "called": "called",
    "served_from": "serving",
    "served_to": "done",
    "skipped": "missed",
    "transferred": "waiting",
    "no_show": "gone",
    "received": "received",
    "decided": "decided",
    "collected": "collected",
}
_FROM: dict[str, frozenset[str]] = {
    "taken": frozenset({"none"}),
    "called": frozenset({"waiting", "called", "missed"}),  # a recall calls again
    "served_from": frozenset({"called"}),
    "served_to": frozenset({"called", "serving"}),
    "skipped": frozenset({"called"}),
    "transferred": frozenset({"waiting", "called", "serving", "missed"}),
    "no_show": frozenset({"waiting", "missed"}),
    "received": frozenset({"none"}),
    "decided": frozenset({"received"}),
    # The dates a case promises are set when it is received; they change no state.
    "due": frozenset({"received", "decided"}),
    "notice_due": frozenset({"received", "decided"}),
    "promise_due": frozenset({"received", "decided"}),
    "collected": frozenset({"decided"}),
}


class EventOrderRefused(TongbanError):
    pass


def state_after(history: Sequence[tuple[str, datetime]]) -> str:
    state = "none"
    for kind, _ in history:
        state = _LEAVES.get(kind, state)
    return state


def step(history: Sequence[tuple[str, datetime]], kind: str, at: datetime) -> int | None:
    """The seconds ``kind`` at ``at`` closes (None: it closes no duration); refused when
    it cannot follow ``history`` (the subject's earlier events, oldest first)."""
    if kind not in _FROM:
        raise EventOrderRefused("supervision.event_unknown", kind=kind)
    state = state_after(history)
    if state not in _FROM[kind]:
        raise EventOrderRefused("supervision.event_order", kind=kind, state=state)
    # A clock set back (NTP, a person) must not stop a clerk's action: a time before the
    # last event's counts as that time, so no duration is ever negative.
    if history and at < history[-1][1]:
        at = history[-1][1]
    if kind == "called" and state == "waiting":
        start = next(a for k, a in reversed(history) if k in ("taken", "transferred"))
        return int((at - start).total_seconds())
    if kind == "served_to":
        begin = "served_from" if state == "serving" else "called"
        start = next(a for k, a in reversed(history) if k == begin)
        return int((at - start).total_seconds())
    if kind == "decided":
        return int((at - history[0][1]).total_seconds())
    return None
