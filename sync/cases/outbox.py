"""The outbox seen from sync: which rows go next, and what each answer does to them.

A row leaves 'pending' only two ways: 'sent' when the portal took it (the
case moves and gets its number in the same transaction), or 'quarantined'
when the portal refused its content (with a reason a clerk can read). Either
happens only on the portal's signed answer, which is kept (``portal_answers``)
and named by the row; the store itself refuses a 'sent' without one (schema
v8). A transient failure only counts the attempt. Nothing here deletes a row.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.cases import localcases
from sync.errors import LinkDown
from sync.link.answers import AnswerProof, Refused, Taken
from terminal import case_state, journal
from terminal.case_events import OUTBOX_CASE_EVENT
from terminal.case_machine import CaseState
from terminal.casebook import OUTBOX_CASE_PUSH
from terminal.clock import stamp
from terminal.i18n import tr as core_text
from terminal.ratings import OUTBOX_RATING_PUSH
from terminal.store import Store

# After this many failed tries a row goes alone, behind the fresh ones, so one row the
# portal chokes on cannot hold the queue; from STUCK_AFTER on it is reported as stuck.
ALONE_AFTER = 3
STUCK_AFTER = 5
# Why a row marked sent before answers were signed is pending again (written by the
# schema v8 migration, terminal/schema/v8.py, as the row's last error).
RECONFIRM_REASON = "sync.reason.reconfirm"


@dataclass(frozen=True)
class Row:
    id: int
    case_id: str | None
    kind: str
    key: str
    body: str
    attempts: int


_COLUMNS = "id, case_id, kind, idempotency_key, body, attempts"


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> list[Row]:
    return [Row(r[0], r[1], r[2], r[3], r[4], r[5]) for r in conn.execute(sql, params)]


def pending(conn: sqlite3.Connection, kinds: tuple[str, ...], limit: int) -> list[Row]:
    """Rows of these kinds still to send, in outbox order."""
    marks = ", ".join("?" * len(kinds))
    return _rows(
        conn,
        f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' AND kind IN ({marks})"
        " ORDER BY id LIMIT ?",
        (*kinds, limit),
    )


def fresh_cases(conn: sqlite3.Connection, limit: int, after_id: int = 0) -> list[Row]:
    return _rows(
        conn,
        f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' AND kind = ? AND id > ?"
        " AND attempts < ? ORDER BY id LIMIT ?",
        (OUTBOX_CASE_PUSH, after_id, ALONE_AFTER, limit),
    )


def troubled_cases(conn: sqlite3.Connection, limit: int) -> list[Row]:
    return _rows(
        conn,
        f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' AND kind = ?"
        " AND attempts >= ? ORDER BY attempts, id LIMIT ?",
        (OUTBOX_CASE_PUSH, ALONE_AFTER, limit),
    )


def ready_ratings(conn: sqlite3.Connection, limit: int) -> list[Row]:
    """Ratings whose case the portal already has: a rating never arrives before its case.

    A rating without a local case (a kiosk's, of a case a counter pushed: ``case_id`` NULL)
    was addressed by the portal's own answer, so the portal has its case: it goes at once.
    """
    return _rows(
        conn,
        "SELECT r.id, r.case_id, r.kind, r.idempotency_key, r.body, r.attempts FROM outbox r"
        " WHERE r.state = 'pending' AND r.kind = ? AND (r.case_id IS NULL OR EXISTS"
        " (SELECT 1 FROM outbox c WHERE c.case_id = r.case_id AND c.kind = ? AND c.state = 'sent'))"
        " ORDER BY r.attempts >= ?, r.id LIMIT ?",
        (OUTBOX_RATING_PUSH, OUTBOX_CASE_PUSH, ALONE_AFTER, limit),
    )


class Answers:
    """The signed answers of one exchange, each kept once however many rows it settles."""

    def __init__(self, conn: sqlite3.Connection, at: datetime) -> None:
        self.conn = conn
        self.at = at
        self._ids: dict[int, int] = {}

    def keep(self, proof: AnswerProof) -> int:
        if id(proof) not in self._ids:
            self._ids[id(proof)] = keep_answer(self.conn, proof, self.at)
        return self._ids[id(proof)]


def keep_answer(conn: sqlite3.Connection, proof: AnswerProof, at: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO portal_answers (received_at, key_id, path, nonce, idempotency_key, status,"
        " portal_time, body, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            stamp(at),
            proof.key_id,
            proof.path,
            proof.nonce,
            proof.idempotency_key,
            proof.status,
            proof.portal_time,
            proof.body,
            proof.signature,
        ),
    )
    return int(cursor.lastrowid or 0)


_ANSWER = "key_id, path, nonce, idempotency_key, status, portal_time, body, signature"


def _proof(r: sqlite3.Row | tuple[Any, ...]) -> AnswerProof:
    return AnswerProof(r[0], r[1], r[2], r[3], int(r[4]), r[5], bytes(r[6]), r[7])


def answer_of(conn: sqlite3.Connection, answer_id: int) -> AnswerProof | None:
    row = conn.execute(f"SELECT {_ANSWER} FROM portal_answers WHERE id = ?", (answer_id,))
    found = row.fetchone()
    return None if found is None else _proof(found)


def recent_answers(conn: sqlite3.Connection, key_id: str, limit: int) -> list[AnswerProof]:
    """The newest signed answers under one key, for checking them again."""
    rows = conn.execute(
        f"SELECT {_ANSWER} FROM portal_answers WHERE key_id = ? ORDER BY id DESC LIMIT ?",
        (key_id, limit),
    )
    return [_proof(r) for r in rows]


def settle(store: Store, rows: list[Row], outcomes: list[Any], terminal: str, at: datetime) -> int:
    """Apply one exchange's answers in one transaction; return how many rows were sent."""
    sent = 0
    by_key = {row.key: row for row in rows}
    with store.write():
        conn = store.conn
        answers = Answers(conn, at)
        for outcome in outcomes:
            row = by_key[outcome.key]
            proof = getattr(outcome, "proof", None)
            if isinstance(outcome, Taken) and proof is not None:
                _mark_sent(conn, row, outcome, answers.keep(proof), at)
                sent += 1
            elif isinstance(outcome, Refused) and proof is not None:
                _quarantine(conn, row, outcome, answers.keep(proof), terminal, at)
            else:
                count_attempt(conn, [row], {"id": "sync.link.unanswered", "params": {}})
    return sent


def mark_sent(
    conn: sqlite3.Connection,
    row: Row,
    at: datetime,
    answer_id: int,
    *,
    reason: dict[str, Any] | None = None,
    problem: dict[str, Any] | None = None,
) -> None:
    """The row is settled for good, on the portal's signed answer ``answer_id``: taken, or
    (with ``reason``) refused in a way that ends it."""
    conn.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1,"
        " last_error = NULL, reason = ?, problem = ?, answer_id = ? WHERE id = ? AND state = 'pending'",
        (stamp(at), _text(reason), _text(problem), answer_id, row.id),
    )


def quarantine(
    conn: sqlite3.Connection,
    row: Row,
    refused: Refused,
    reason: dict[str, Any],
    *,
    answer_id: int,
    subject: str,
    terminal: str,
    at: datetime,
) -> None:
    """Out of the queue until a person releases it (``sync status`` lists it); journaled.
    Only the portal's signed refusal (``answer_id``) puts a row here."""
    conn.execute(
        "UPDATE outbox SET state = 'quarantined', quarantined_at = ?, attempts = attempts + 1,"
        " reason = ?, problem = ?, answer_id = ? WHERE id = ? AND state = 'pending'",
        (stamp(at), _text(reason), _text(refused.problem), answer_id, row.id),
    )
    journal.append(
        conn,
        at=at,
        actor="system",
        terminal=terminal,
        action="sync.quarantined",
        subject=subject,
        details={"outbox": row.id, "kind": row.kind, "status": refused.status, "why": reason["id"]},
    )


def _text(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)[:20000]


def _mark_sent(
    conn: sqlite3.Connection, row: Row, taken: Taken, answer_id: int, at: datetime
) -> None:
    mark_sent(conn, row, at, answer_id)
    if row.kind == OUTBOX_CASE_PUSH and row.case_id is not None:
        localcases.settle_conflict_on_take(conn, row.case_id, at)
        localcases.apply_portal_status(conn, row.case_id, taken.answer, at)
    elif row.kind == OUTBOX_CASE_EVENT and row.case_id is not None:
        # The portal's state after the event: a returned case is synced again.
        localcases.apply_portal_status(conn, row.case_id, taken.answer, at)


def _quarantine(
    conn: sqlite3.Connection,
    row: Row,
    refused: Refused,
    answer_id: int,
    terminal: str,
    at: datetime,
) -> None:
    reason = reason_for(row, refused)
    if reason["id"] == "sync.reason.event_refused" and row.case_id is not None:
        refused_event(conn, row, refused, reason, answer_id, at)
        return
    subject = row.case_id or row.key
    quarantine(
        conn, row, refused, reason, answer_id=answer_id, subject=subject, terminal=terminal, at=at
    )
    if reason["id"] == "sync.reason.same_id_other_content" and row.kind == OUTBOX_CASE_PUSH:
        # The portal holds another version of this very case: that is a conflict about
        # the case, not only about a row, and what the portal says of it later must not
        # quietly make it look synced.
        found = case_state.state_of(conn, row.case_id) if row.case_id else None
        if found is not None and found[0] in {*case_state.UNSYNCED, CaseState.SYNCED}:
            case_state.move(
                conn,
                str(row.case_id),
                found[0],
                CaseState.CONFLICT,
                terminal=found[1],
                actor=localcases.ACTOR,
                at=at,
                details={"reason": "same_id_other_content"},
            )


def refused_event(
    conn: sqlite3.Connection,
    row: Row,
    refused: Refused,
    reason: dict[str, Any],
    answer_id: int,
    at: datetime,
) -> None:
    """The portal's signed 409 on this counter's event (a void of a case it has finished, a
    withdrawal of one it refused): the event did not take and never will, so the row is
    settled with the refusal kept (reason, problem, signed answer) rather than quarantined
    for a release that could only be refused again, and the case goes to the portal's
    state (journaled, reason ``event_refused``). The window tells the clerk
    (sync/state.py ``refused_events``)."""
    mark_sent(conn, row, at, answer_id, reason=reason, problem=refused.problem)
    target = localcases.FROM_PORTAL.get(str(refused.problem.get("state", "")))
    if target is None or row.case_id is None:
        return
    event = str(refused.problem.get("event", ""))
    details = {"reason": "event_refused", "event": event, "answer": answer_id}
    case_state.overrule(conn, row.case_id, target, actor=localcases.ACTOR, at=at, details=details)


def reason_for(row: Row, refused: Refused) -> dict[str, Any]:
    """The plain-language reason a clerk reads, chosen by the portal's problem type."""
    name = str(refused.problem.get("type", "")).rsplit(":", 1)[-1]
    receipt = _receipt_of(row)
    if name == "idempotency-conflict":
        return {"id": "sync.reason.same_id_other_content", "params": {"receipt_no": receipt}}
    if name in ("invalid-case", "invalid-rating", "invalid-followup"):
        errors = refused.problem.get("errors")
        fields = [str(e.get("field")) for e in errors if isinstance(e, dict)] if errors else []
        return {
            "id": "sync.reason.content_refused",
            "params": {"receipt_no": receipt, "fields": ", ".join(fields[:8]) or "-"},
        }
    if name == "already-rated":
        return {"id": "sync.reason.already_rated", "params": {"receipt_no": receipt}}
    if name == "case-transition-refused":
        event = core_text("case.event." + str(refused.problem.get("event", "")))
        portal = str(refused.problem.get("state", ""))
        local = localcases.FROM_PORTAL.get(portal)
        state = core_text("state." + (local.value if local else portal))
        return {
            "id": "sync.reason.event_refused",
            "params": {"receipt_no": receipt, "event": event, "state": state},
        }
    if name == "unknown-case":
        return {"id": "sync.reason.case_unknown", "params": {"receipt_no": receipt}}
    if refused.status == 413:
        return {"id": "sync.reason.too_large", "params": {"receipt_no": receipt}}
    return {
        "id": "sync.reason.refused_other",
        "params": {"receipt_no": receipt, "status": refused.status},
    }


def _receipt_of(row: Row) -> str:
    try:
        body = json.loads(row.body)
    except ValueError:
        return row.key
    value = body.get("receipt_no") if isinstance(body, dict) else None
    return str(value) if value else row.key


def note_failure(store: Store, rows: list[Row], failure: LinkDown) -> None:
    """A failed exchange: count the attempt where the request may have gone out."""
    if not rows or not failure.reached:
        return
    with store.write():
        count_attempt(store.conn, rows, failure.reason())


def count_attempt(conn: sqlite3.Connection, rows: list[Row], reason: dict[str, Any]) -> None:
    """A try that may have reached the portal, with why it got no answer."""
    text = json.dumps(reason, ensure_ascii=False)
    conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND state = 'pending'",
        [(text, row.id) for row in rows],
    )


def release(store: Store, outbox_id: int, *, actor: str, terminal: str, at: datetime) -> bool:
    """Put a quarantined row back in the queue (after IT fixed the cause); journaled."""
    with store.write():
        done = store.conn.execute(
            "UPDATE outbox SET state = 'pending', attempts = 0, quarantined_at = NULL"
            " WHERE id = ? AND state = 'quarantined'",
            (outbox_id,),
        ).rowcount
        if done:
            row = store.conn.execute(
                "SELECT case_id, idempotency_key FROM outbox WHERE id = ?", (outbox_id,)
            ).fetchone()
            journal.append(
                store.conn,
                at=at,
                actor=actor,
                terminal=terminal,
                action="sync.released",
                subject=row[0] or row[1],
                details={"outbox": outbox_id},
            )
    return bool(done)
