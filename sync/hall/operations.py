"""The hall queue at a terminal: the portal decides while it answers; offline, this terminal's range.

Online, every call comes from the portal's one atomic choice, so no ticket goes to two
windows. When the portal does not answer within the client's timeouts the operation
is done offline at once, from this terminal's own range: it numbers ``A3-012`` and
calls only such tickets of its own; a change to one of the portal's tickets is made
here and sent later under the same Idempotency-Key (so a request that did arrive is
replayed, not repeated). When the portal answers again, the own tickets are handed
over and everything waiting goes first, in order. After a failure the terminal stays
offline for ``retry_after`` seconds rather than make every press wait for a timeout.

Not thread-safe: one ``HallQueue`` (with its own store connection and client) per thread,
never the Qt main thread.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sync import state
from sync.errors import LinkDown
from sync.hall import push as queue_push
from sync.link import protocol
from sync.link.answers import Outcome, Refused, Taken
from sync.link.client import PortalClient, Timeouts
from terminal import hall
from terminal.clock import now as clock_now
from terminal.hall import Call, Groups, QueueError, Ticket
from terminal.store import Store

# For a press at the counter or the kiosk: an answer in seconds, or offline.
INTERACTIVE = Timeouts(connect=2.0, read=4.0, total=6.0)
ISSUE_FORMAT = "tongban.queue-issue/1"
CALL_FORMAT = "tongban.queue-call/1"
log = logging.getLogger("tongban.queue")
R = TypeVar("R")

if TYPE_CHECKING:
    from sync.hall.help import HelpResult

_REFUSALS = {
    "queue-refused": "queue.refused_by_portal",
    "not-your-window": "queue.not_your_window",
    "window-taken": "queue.window_taken",
    "unknown-ticket": "queue.no_such_ticket",
}


@dataclass(frozen=True)
class Result:
    """What an operation did: the ticket, the call to announce, what the window closed."""

    ticket: Ticket | None
    call: Call | None = None
    closed: tuple[Ticket, ...] = field(default=())
    ahead: int | None = None  # people before a new ticket (offline: those known here)
    online: bool = False  # False: done offline, from this terminal's range

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket.to_json() if self.ticket else None,
            "call": self.call.to_json() if self.call else None,
            "closed": [t.to_json() for t in self.closed],
            "ahead": self.ahead,
            "online": self.online,
        }


class HallQueue:
    def __init__(
        self,
        store: Store,
        client: PortalClient | None,
        *,
        terminal: str,
        window: int,
        groups: Groups,
        now: Callable[[], datetime] = clock_now,
        retry_after: float = 10.0,
        notify: Callable[[], None] | None = None,
        clerk: Callable[[], str] | None = None,
    ) -> None:
        self.store = store
        # Who is signed in at this window now: the supervisor's figures count per clerk.
        self.clerk = clerk or (lambda: "")
        self.client = client
        self.terminal = terminal
        self.window = window
        self.groups = groups
        self.now = now
        self.retry_after = retry_after
        self.notify = notify  # e.g. QueueWatcher.wake: listeners hear a change made here at once
        self._down_until = 0.0
        self._link_was: bool | None = None  # what this queue last wrote to the link state
        self.last_problem: dict[str, Any] | None = None

    @property
    def serves(self) -> tuple[str, ...]:
        """The groups this window calls."""
        return self.groups.for_window(self.window)

    # --- the operations ----------------------------------------------------------------

    def take(
        self, service_or_group: str, *, green: bool = False, appointment_id: str | None = None
    ) -> Result:
        """A ticket for a citizen (kiosk or counter); ``green``: elderly, disabled, pregnant."""
        group = self.groups.resolve(service_or_group)
        intake = service_or_group if len(service_or_group.strip()) > 1 else None
        if appointment_id and not self._booked(appointment_id):
            raise QueueError("queue.appointment_unknown", appointment=appointment_id)
        priority = "appointment" if appointment_id else "green" if green else "normal"
        ticket_id = str(uuid.uuid4())
        body = {
            "format": ISSUE_FORMAT,
            "ticket_id": ticket_id,
            "group": group.prefix,
            "priority": priority,
            "window": self.window,
            "intake_code": intake,
            "appointment_id": appointment_id,
        }
        ghost = None
        try:
            answer = self._direct(protocol.PATH_QUEUE_TICKETS, ticket_id, body)
            if answer is not None:
                t, _, _ = hall.apply_answer(self.store, answer, "issue", **self._who())
                return self._done(Result(t, ahead=answer.get("ahead"), online=True))
        except LinkDown as e:
            # The portal may have numbered it; the citizen still needs a paper now. That
            # ghost is cancelled through the outbox in the same transaction as the new one.
            ghost = ticket_id if e.reached else None
        t, ahead = hall.issue_local(
            self.store,
            group=group.prefix,
            window=self.window,
            terminal=self.terminal,
            at=self.now(),
            priority=priority,
            intake_code=intake,
            appointment_id=appointment_id,
            void=ghost,
            clerk=self.clerk(),
        )
        return self._done(Result(t, ahead=ahead))

    def call_next(self, groups: Sequence[str] | None = None) -> Result:
        """The next citizen to this window; what the window had is done. ticket None: nobody waits."""
        serves = list(groups or self.serves)
        key = str(uuid.uuid4())
        try:
            path = protocol.path_call_next(self.window)
            answer = self._direct(path, key, {"format": CALL_FORMAT, "groups": serves})
            if answer is not None:
                t, call, closed = hall.apply_answer(self.store, answer, "call", **self._who())
                return self._done(Result(t, call, tuple(closed), online=True))
        except LinkDown:
            # If the call did reach the portal, the feed brings it back as this window's.
            pass
        at = self.now()
        found = hall.call_next_local(
            self.store,
            window=self.window,
            groups=serves,
            terminal=self.terminal,
            at=at,
            clerk=self.clerk(),
        )
        if found is None:
            return Result(None)
        return self._done(Result(found[0], found[1], tuple(found[2])))

    def call_again(self, ticket: str) -> Result:
        return self.act(ticket, "recall")

    def skip(self, ticket: str) -> Result:
        """Not there: the ticket goes to the window's recently-called list as missed."""
        return self.act(ticket, "skip")

    def serve(self, ticket: str) -> Result:
        return self.act(ticket, "serve")

    def finish(self, ticket: str) -> Result:
        return self.act(ticket, "finish")

    def mark_green(self, ticket: str) -> Result:
        return self.act(ticket, "green")

    def transfer(
        self, ticket: str, *, window: int | None = None, group: str | None = None
    ) -> Result:
        prefix = self.groups.resolve(group).prefix if group else None
        return self.act(ticket, "transfer", to_window=window, to_group=prefix)

    def act(
        self,
        ticket: str,
        action: str,
        *,
        to_window: int | None = None,
        to_group: str | None = None,
    ) -> Result:
        """One action on a ticket (by id or by today's number)."""
        t = hall.find(self.store.conn, ticket, hall.day_of(self.now()))
        body = hall.action_body(action, t.id, self.window, to_window=to_window, to_group=to_group)
        key = str(uuid.uuid4())
        try:
            answer = self._direct(protocol.path_ticket_action(t.id, action), key, body, t.ticket_no)
            if answer is not None:
                done, call, _ = hall.apply_answer(self.store, answer, action, **self._who())
                return self._done(Result(done, call, online=True))
        except LinkDown:
            pass
        moved, call = hall.act_local(
            self.store,
            t.id,
            action,
            window=self.window,
            terminal=self.terminal,
            at=self.now(),
            to_window=to_window,
            to_group=to_group,
            key=key,  # the same key and body: a request that did arrive is replayed, not repeated
            clerk=self.clerk(),
        )
        return self._done(Result(moved, call))

    def call_help(self, place: str) -> HelpResult:
        """A kiosk calls a clerk to ``place`` (呼叫工作人员); sync/hall/help.py says how."""
        from sync.hall.help import raise_help

        return raise_help(self, place)

    def answer_help(self, help_id: str, action: str) -> HelpResult:
        from sync.hall.help import answer_help

        return answer_help(self, help_id, action)

    def help_heard(self, help_id: str) -> HelpResult | None:
        from sync.hall.help import heard

        return heard(self, help_id)

    def direct(
        self, path: str, key: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:  # for sync/hall/help.py
        return self._direct(path, key, body)

    def done_with(self, result: R) -> R:
        if self.notify is not None:
            self.notify()
        return result

    def sync(self) -> bool:
        """Hand over and send what waits, now; True when nothing is left waiting."""
        try:
            self._flush()
        except LinkDown:
            return False
        return True

    # --- online or offline ------------------------------------------------------------------

    def _direct(
        self, path: str, key: str, body: dict[str, Any] | str, ref: str | None = None
    ) -> dict[str, Any] | None:
        """The portal's answer, or None when it is not to be asked now; LinkDown when it failed."""
        if self.client is None or time.monotonic() < self._down_until:
            return None
        text = body if isinstance(body, str) else protocol.canonical_json(body).decode()
        try:
            self._flush()
            outcome = self.client.push_one(path, key, text)
        except LinkDown as e:
            self._down_until = time.monotonic() + self.retry_after
            self.last_problem = e.reason()
            log.info("queue offline: %s", e.msg_id)
            if self._link_was is not False:  # written on a change only, not at every press
                state.record_failure(self.store, self.now(), e, self.client.clock_skew)
                self._link_was = False
            raise
        self.last_problem = None
        if self._link_was is not True:
            state.record_success(self.store, self.now(), self.client.clock_skew)
            self._link_was = True
        return self._answer(outcome, ref)

    def _answer(self, outcome: Outcome, ref: str | None) -> dict[str, Any]:
        if isinstance(outcome, Refused):
            name = protocol.problem_name(str(outcome.problem.get("type", "")))
            current = outcome.problem.get("ticket")
            if isinstance(current, dict):
                with self.store.write():
                    hall.mirror(self.store.conn, current, force=True)
            known = current if isinstance(current, dict) else {}
            number = known.get("ticket_no") or ref or "-"
            where = known.get("window") or self.window
            msg = _REFUSALS.get(name, "queue.portal_refused")
            raise QueueError(
                msg, ticket_no=number, ticket=number, window=where, status=outcome.status
            )
        assert isinstance(outcome, Taken)
        return outcome.answer

    def _flush(self) -> None:
        """What waits goes first, in order; own offline tickets go once the portal has answered."""
        assert self.client is not None
        deadline = time.monotonic() + self.client.timeouts.total
        conn = self.store.conn
        if not queue_push.waiting_rows(conn, 1) and not queue_push.own_unhanded(conn):
            return
        if not queue_push.waiting_rows(conn, 1):
            self.client.portal_time()  # the portal answers: now the tickets may change hands
        queue_push.hand_over_and_push(
            self.store, self.client, terminal=self.terminal, now=self.now, deadline=deadline
        )
        if queue_push.waiting_rows(conn, 1):
            raise LinkDown("sync.link.unanswered", reached=True)

    def _who(self) -> dict[str, Any]:
        return {
            "window": self.window,
            "terminal": self.terminal,
            "at": self.now(),
            "clerk": self.clerk(),
        }

    def _booked(self, appointment_id: str) -> bool:
        row = self.store.conn.execute(
            "SELECT state FROM appointments WHERE id = ?", (appointment_id,)
        ).fetchone()
        return row is not None and row[0] in ("booked", "arrived")

    def _done(self, result: Result) -> Result:
        if self.notify is not None:
            self.notify()
        return result
