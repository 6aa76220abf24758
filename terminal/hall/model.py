"""Tickets, calls and the rules both ends apply: states, actions, order, numbers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.clock import CHINA, stamp
from terminal.i18n import TongbanError, tr

PRIORITIES = ("appointment", "green", "normal")
STATES = ("waiting", "called", "serving", "done", "missed", "transferred", "cancelled")
WAITING = ("waiting", "transferred")
AT_WINDOW = ("called", "serving", "missed")  # such a ticket belongs to the window that called it
OUTBOX_ACTION = "queue.action"
OUTBOX_MERGE = "queue.merge"
ACTION_FORMAT = "tongban.queue-action/1"
TICKET_FORMAT = "tongban.ticket/1"

# action → (the states it may start from, the state it leaves; None keeps the state)
ACTIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "recall": (frozenset({"called", "missed"}), "called"),
    "skip": (frozenset({"called"}), "missed"),
    "serve": (frozenset({"called"}), "serving"),
    "finish": (frozenset({"called", "serving"}), "done"),
    "transfer": (
        frozenset({"waiting", "transferred", "called", "serving", "missed"}),
        "transferred",
    ),
    "green": (frozenset({"waiting", "transferred"}), None),
    "cancel": (frozenset({"waiting", "transferred"}), "cancelled"),
}

# The calling order, as SQL over either end's table (both name the columns alike):
# appointments and the green channel first, then first come. A transferred ticket keeps
# its rank, so it comes before the tickets issued after it.
ORDER_SQL = "CASE priority WHEN 'normal' THEN 1 ELSE 0 END, rank, issued_at, id"

# An offline number names its window: A3-012 is group A, window 3's own series. The
# portal's numbers (A012) never hold a '-', so the two can never meet.
_OFFLINE = re.compile(r"([A-Z])([1-9][0-9]{0,2})-([0-9]{3,})")


class QueueError(TongbanError):
    pass


def day_of(at: datetime) -> str:
    """The queue's day (Beijing): numbers start again each day."""
    return at.astimezone(CHINA).date().isoformat()


def portal_number(prefix: str, n: int) -> str:
    return f"{prefix}{n:03d}"


def offline_number(prefix: str, window: int, n: int) -> str:
    return f"{prefix}{window}-{n:03d}"


def offline_range_of(ticket_no: str) -> tuple[str, int] | None:
    """(prefix, window) of an offline number; None for a number the portal gave."""
    m = _OFFLINE.fullmatch(ticket_no)
    return (m.group(1), int(m.group(2))) if m else None


@dataclass(frozen=True)
class Ticket:
    id: str
    ticket_no: str
    day: str
    group: str
    priority: str  # appointment, green, normal
    state: str
    window: int | None  # the window that called it, while it is there
    target_window: int | None  # transferred to this window (None: any window of its group)
    origin: str  # 'local' (numbered offline by this terminal) or 'portal'
    handed_over: bool  # a local ticket given to the portal: from then on only the portal calls it
    issued_by: str | None
    issued_at: str
    called_at: str | None
    calls: int
    rank: float  # first come: seconds, by the clock of whoever numbered it
    intake_code: str | None = None
    appointment_id: str | None = None

    @property
    def caller(self) -> str:
        """Who may call it: 'terminal' (its own offline ticket, not handed over) or 'portal'."""
        return "terminal" if self.origin == "local" and not self.handed_over else "portal"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Call:
    """One call heard in the hall: what a display shows and the voice says."""

    id: int  # order of arrival in this store: listeners follow it
    call_id: str
    ticket_id: str
    ticket_no: str
    group: str
    window: int
    nth: int  # 1: the first call; 2, 3...: called again
    origin: str  # 'portal' (every terminal of the hall hears it) or 'local' (offline, here only)
    called_at: str

    def announcement(self, language: str | None = None) -> str:
        """请 A012 号到 3 号窗口 — the words for the display and the voice."""
        return tr("queue.call.announce", language, ticket_no=self.ticket_no, window=self.window)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def sort_key(t: Ticket) -> tuple[bool, float, str, str]:
    """ORDER_SQL in Python."""
    return (t.priority == "normal", t.rank, t.issued_at, t.id)


def check(t: Ticket, action: str, window: int) -> None:
    """Refuse an action the ticket's state does not allow, or one from a window it is not at."""
    if action not in ACTIONS:
        raise QueueError("queue.unknown_action", action=action)
    if t.state not in ACTIONS[action][0]:
        state = tr(f"queue.state.{t.state}")
        raise QueueError(f"queue.refused.{action}", ticket_no=t.ticket_no, state=state)
    if t.state in AT_WINDOW and t.window != window:
        raise QueueError("queue.not_your_window", ticket_no=t.ticket_no, window=t.window)


def moved(
    t: Ticket,
    action: str,
    window: int,
    at: datetime,
    *,
    to_window: int | None = None,
    to_group: str | None = None,
) -> Ticket:
    """The ticket after ``action`` at ``window``; the reference portal applies the same rule."""
    check(t, action, window)
    target = ACTIONS[action][1] or t.state
    if action == "recall":
        return replace(t, state=target, window=window, called_at=stamp(at), calls=t.calls + 1)
    if action == "transfer":
        if to_window is None and to_group is None:
            raise QueueError("queue.transfer_where", ticket_no=t.ticket_no)
        group = to_group or t.group
        return replace(t, state=target, window=None, target_window=to_window, group=group)
    if action == "green":
        return replace(t, priority="green" if t.priority == "normal" else t.priority)
    return replace(t, state=target)


def canonical(value: dict[str, Any]) -> str:
    """The body as the outbox stores it: the journal's canonical form (sorted, no spaces)."""
    return journal.canonical(value).decode()


def action_body(
    action: str,
    ticket_id: str,
    window: int,
    *,
    to_window: int | None = None,
    to_group: str | None = None,
) -> str:
    """One ticket action as sent to the portal: built once, sent byte for byte on every retry."""
    body: dict[str, Any] = {"format": ACTION_FORMAT, "action": action, "ticket_id": ticket_id}
    body["window"] = window
    if action == "transfer":
        body |= {"to_window": to_window, "to_group": to_group}
    return canonical(body)


def merge_body(t: Ticket, at: datetime) -> str:
    """An offline ticket as handed to the portal: its state and how long it has waited.

    The age is a duration on this terminal's clock, not a time: the portal ranks the
    ticket by its own clock minus the age, so the citizen keeps the place in the queue.
    """
    age = (at - datetime.fromisoformat(t.issued_at)).total_seconds()
    keep = ("ticket_no", "day", "group", "priority", "state", "window", "target_window")
    more = ("issued_at", "called_at", "calls", "intake_code", "appointment_id")
    body = {k: getattr(t, k) for k in keep + more}
    return canonical(
        body | {"format": TICKET_FORMAT, "ticket_id": t.id, "age_seconds": int(max(0, age))}
    )
