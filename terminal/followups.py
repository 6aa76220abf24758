"""差评整改: a rating at a low level opens a follow-up that a supervisor sees through.

The follow-up is opened in the rating's own transaction (terminal/ratings.py calls
``open_for_rating``): the rating, the follow-up, their outbox rows and journal entries are
one commit, so there is no 差评 without its follow-up. Its life is
open → rectified (整改: what was done) → revisited (回访: the citizen reached again, satisfied
or not, how) → closed, and each step is a journal entry naming the supervisor and an
outbox row (``followup.step``, its own UUID as idempotency key) that the portal takes
exactly once (sync/cases/push.py, sync/portal/followups.py). The portal feeds every step to
the hall (kind ``followup``): a supervisor at any window of the hall sees the kiosk's and
the other counters' follow-ups, and the kiosk's status page says the rating was handled.

Owner: the hall's supervisor on duty, not a named person. The terminal has no duty roster
and no clerk → supervisor link; a follow-up owned by someone on leave would wait out its
deadline. Any supervisor (or admin) of the hall may act; each step names who did.

Deadline: ``working_days`` (config ``followup_working_days``; provinces use 5 to 15) after
the day of the rating, by the working-day calendar; overdue once that day has passed and
the follow-up is not closed.

Nothing about the citizen: the case's receipt number, the service, the level, the reason
and the citizen's own comment on the service; never a name, an ID number or a telephone.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from terminal import journal
from terminal.clerks import Clerk, Role
from terminal.clock import stamp
from terminal.config import Config
from terminal.i18n import TongbanError, tr
from terminal.store import Store
from terminal.workdays import Calendar

OUTBOX_FOLLOWUP_STEP = "followup.step"
FORMAT = "tongban.followup/1"
STATES = ("open", "rectified", "revisited", "closed")
HOW = ("phone", "visit", "sms", "other")  # how the citizen was reached again (回访方式)
OWNER = "hall_supervisor"  # 值班主管: see the module's docstring
# Who may record a step (issue 17's roles table, docs/window.md).
MAY_FOLLOW_UP = (Role.SUPERVISOR, Role.ADMIN)
# step → (the states it may follow, the state it leaves). 整改 and 回访 may be recorded
# again (a second attempt to reach the citizen, a fuller note): the last one stands.
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "rectify": (("open", "rectified"), "rectified"),
    "revisit": (("rectified", "revisited"), "revisited"),
    "close": (("revisited",), "closed"),
}
NOTE_MAX = 500


class FollowupRefused(TongbanError):
    pass


@dataclass(frozen=True)
class Rule:
    """Which levels open a follow-up and how many working days it has."""

    levels: frozenset[int]
    working_days: int
    calendar: Calendar

    def due(self, rated: date) -> date:
        return self.calendar.add_working_days(rated, self.working_days)


def rule_for(levels: Iterable[int], working_days: int, calendar: Calendar) -> Rule:
    return Rule(frozenset(levels), working_days, calendar)


def rule_of(config: Config, calendar: Calendar) -> Rule:
    """The hall's rule, from ``followup_levels`` and ``followup_working_days``."""
    return rule_for(config.followup_levels, config.followup_working_days, calendar)


@dataclass(frozen=True)
class Followup:
    id: str
    receipt_no: str
    service: str
    level: int
    reason: str
    comment: str
    opened_at: str
    due_date: str
    state: str
    rectified_note: str | None = None
    rectified_by: str | None = None
    revisit_reached: bool | None = None
    revisit_satisfied: bool | None = None
    revisit_how: str | None = None
    revisit_note: str | None = None
    revisited_by: str | None = None
    closed_by: str | None = None
    case_id: str = ""

    def overdue(self, today: date) -> bool:
        """Past its deadline and not closed: the day after the due date, not the due date."""
        return self.state != "closed" and today > date.fromisoformat(self.due_date)


def may_follow_up(clerk: Clerk | None) -> bool:
    return clerk is not None and clerk.role in MAY_FOLLOW_UP


def open_for_rating(
    conn: sqlite3.Connection,
    rule: Rule,
    *,
    rating_id: str,
    case_id: str,
    receipt_no: str,
    service: str,
    level: int,
    reason: str,
    comment: str,
    actor: str,
    terminal: str,
    at: datetime,
) -> str | None:
    """Inside the rating's transaction: the follow-up of a low rating (None for another level),
    its row, its outbox row and its journal entry. ``reason``: the reason as the citizen chose
    it (ratings.LOW_REASONS' text), "" when none was asked."""
    if level not in rule.levels:
        return None
    followup_id = str(uuid.uuid4())
    due = rule.due(at.date()).isoformat()
    conn.execute(
        "INSERT INTO followups (id, rating_id, case_id, receipt_no, service, level, reason,"
        " comment, opened_at, due_date, state, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " 'open', 'local')",
        (followup_id, rating_id, case_id, receipt_no, service, level, reason, comment,
         stamp(at), due),
    )  # fmt: skip
    _queue(
        conn,
        followup_id,
        "open",
        {
            "rating_id": rating_id,
            "case_id": case_id,
            "receipt_no": receipt_no,
            "service": service,
            "level": level,
            "reason": reason,
            "comment": comment,
            "due_date": due,
            "owner": OWNER,
        },
        by=actor,
        at=at,
    )
    journal.append(
        conn,
        at=at,
        actor=actor,
        terminal=terminal,
        action="followup.opened",
        subject=followup_id,
        details={"rating": rating_id, "case": case_id, "level": level, "due": due},
    )
    return followup_id


def _queue(
    conn: sqlite3.Connection,
    followup_id: str,
    step: str,
    fields: dict[str, Any],
    *,
    by: str,
    at: datetime,
) -> str:
    step_id = str(uuid.uuid4())
    body = {
        "format": FORMAT,
        "step_id": step_id,
        "followup_id": followup_id,
        "step": step,
        "by": by,
        "at": stamp(at),
        **fields,
    }
    conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at) VALUES (NULL, ?, ?, ?, ?)",
        (
            OUTBOX_FOLLOWUP_STEP,
            step_id,
            json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            stamp(at),
        ),
    )
    return step_id


# --- a supervisor's steps -------------------------------------------------------------


def rectify(
    store: Store, followup_id: str, note: str, *, by: Clerk, terminal: str, at: datetime
) -> None:
    """整改 recorded: what was done about what the citizen rated."""
    text = note.strip()[:NOTE_MAX]
    if not text:
        raise FollowupRefused("followup.note_needed")
    _step(store, followup_id, "rectify", {"note": text}, by=by, terminal=terminal, at=at)


def revisit(
    store: Store,
    followup_id: str,
    *,
    reached: bool,
    satisfied: bool | None,
    how: str,
    note: str = "",
    by: Clerk,
    terminal: str,
    at: datetime,
) -> None:
    """回访 recorded: whether the citizen was reached, how, and (if reached) satisfied or not."""
    if how not in HOW:
        raise FollowupRefused("followup.bad_how", how=how)
    fields = {
        "reached": reached,
        "satisfied": satisfied if reached else None,
        "how": how,
        "note": note.strip()[:NOTE_MAX],
    }
    _step(store, followup_id, "revisit", fields, by=by, terminal=terminal, at=at)


def close(store: Store, followup_id: str, *, by: Clerk, terminal: str, at: datetime) -> None:
    _step(store, followup_id, "close", {}, by=by, terminal=terminal, at=at)


_SET = {
    "rectify": "rectified_note = :note, rectified_by = :by, rectified_at = :at",
    "revisit": "revisit_reached = :reached, revisit_satisfied = :satisfied, revisit_how = :how,"
    " revisit_note = :note, revisited_by = :by, revisited_at = :at",
    "close": "closed_by = :by, closed_at = :at",
}


def _step(
    store: Store,
    followup_id: str,
    step: str,
    fields: dict[str, Any],
    *,
    by: Clerk,
    terminal: str,
    at: datetime,
) -> None:
    """One step, its outbox row and its journal entry in one transaction; a clerk refused
    (and journaled: the refusal is kept, then raised)."""
    if not may_follow_up(by):
        refuse(store, by, terminal=terminal, at=at, subject=followup_id)
    with store.write():
        found = store.conn.execute(
            "SELECT state FROM followups WHERE id = ?", (followup_id,)
        ).fetchone()
        if found is None:
            raise FollowupRefused("followup.unknown", followup=followup_id)
        allowed, after = STEPS[step]
        if found[0] not in allowed:
            raise FollowupRefused(
                f"followup.not_after.{step}", state=tr(f"followup.state.{found[0]}")
            )
        store.conn.execute(
            f"UPDATE followups SET state = :state, {_SET[step]} WHERE id = :id",
            {"state": after, "by": by.username, "at": stamp(at), "id": followup_id,
             "note": None, **fields},
        )  # fmt: skip
        step_id = _queue(store.conn, followup_id, step, fields, by=by.username, at=at)
        details: dict[str, Any] = {"step": step_id, "state": after, "role": by.role.value}
        if step == "revisit":
            details.update(reached=fields["reached"], satisfied=fields["satisfied"])
        journal.append(
            store.conn,
            at=at,
            actor=by.username,
            terminal=terminal,
            action=f"followup.{step}",
            subject=followup_id,
            details=details,
        )


def refuse(
    store: Store, who: Clerk | None, *, terminal: str, at: datetime, subject: str = "-"
) -> None:
    """A clerk who reached the follow-ups (a shortcut, the CLI): journaled, then refused."""
    name = who.username if who else "-"
    journal_refusal(
        store, name, who.role.value if who else "-", terminal=terminal, at=at, subject=subject
    )
    raise FollowupRefused("followup.not_supervisor", username=name)


def journal_refusal(
    store: Store, username: str, role: str, *, terminal: str, at: datetime, subject: str = "-"
) -> None:
    """The refusal on the record, whoever refused it (the window, the CLI's sign-in)."""
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor=username,
            terminal=terminal,
            action="followup.refused",
            subject=subject,
            details={"role": role},
        )


# --- reading ---------------------------------------------------------------------------

_COLUMNS = (
    "id, receipt_no, service, level, reason, comment, opened_at, due_date, state,"
    " rectified_note, rectified_by, revisit_reached, revisit_satisfied, revisit_how,"
    " revisit_note, revisited_by, closed_by, case_id"
)


def _followup(r: sqlite3.Row | tuple[Any, ...]) -> Followup:
    def flag(v: Any) -> bool | None:
        return None if v is None else bool(v)

    return Followup(
        r[0], r[1], r[2], int(r[3]), r[4], r[5], r[6], r[7], r[8], r[9], r[10],
        flag(r[11]), flag(r[12]), r[13], r[14], r[15], r[16], r[17],
    )  # fmt: skip


def listed(conn: sqlite3.Connection, *, closed: bool = False) -> list[Followup]:
    """The hall's follow-ups known here, the nearest deadline first (closed ones too if asked)."""
    where = "" if closed else " WHERE state != 'closed'"
    rows = conn.execute(f"SELECT {_COLUMNS} FROM followups{where} ORDER BY due_date, opened_at")
    return [_followup(r) for r in rows]


def find(conn: sqlite3.Connection, key: str) -> Followup:
    """By its id, its id's first 8 characters (as the CLI lists it) or the case's receipt."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM followups WHERE id = ? OR receipt_no = ? OR substr(id, 1, 8) = ?"
        " ORDER BY opened_at DESC",
        (key, key.upper(), key.lower()),
    ).fetchall()
    if len(rows) != 1:
        raise FollowupRefused("followup.unknown", followup=key)
    return _followup(rows[0])


def state_for_case(conn: sqlite3.Connection, case_id: str) -> str | None:
    """The follow-up's state for the kiosk's status page (None: no follow-up known here)."""
    row = conn.execute(
        "SELECT state FROM followups WHERE case_id = ? ORDER BY opened_at DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    return None if row is None else str(row[0])
