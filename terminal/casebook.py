"""Cases in the store: record a decision (case + outbox row + journal entry in one
transaction) and the look-ups a counter needs. Drafts are terminal/drafts.py's.

What happens to a case after its decision (the portal's states, its number) is
terminal/case_state.py's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from terminal import decision_approvals, fee_settlement, fees, journal, logs
from terminal.attachments import records as attachments
from terminal.case_machine import CaseState, check_transition

# Re-exported: the counter and the kiosk catch it as casebook.CaseNotFound.
from terminal.case_state import CaseNotFound as CaseNotFound
from terminal.cases import Decided
from terminal.clock import stamp
from terminal.heartbeat import NOT_HEARTBEAT
from terminal.identity import mask_id_number, normalise_id_number
from terminal.parties import SELF
from terminal.store import Store
from terminal.supervision import events

OUTBOX_CASE_PUSH = "case.push"
log = logs.get("cases")
CASE_FORMAT = "tongban.case/1"
# What the case row keeps in its materials JSON, beside the materials (no column of its own).
RIDING = ("parties", "return_by", "calendar_uncovered", "result")  # result: 出件 (issue 16)


@dataclass(frozen=True)
class CaseRow:
    id: str
    receipt_no: str
    intake_code: str
    decision: str
    state: str
    applicant_name: str
    id_number: str
    received_at: str
    paper_fallback: bool
    portal_case_no: str | None
    # Who applied besides the applicant (terminal/parties.py Parties.to_json), where the
    # look-up asked for it (PARTIES): an agent's or a company's case; None for one's own.
    parties: dict[str, Any] | None = None
    # Where the case's result (出件) stands, as the portal's feed said: ready, collected,
    # mailed, delivered; None before the portal publishes one (RESULT).
    result: str | None = None

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    # Only the columns a list shows: the JSON columns are most of a row's bytes.
    COLUMNS = (
        "id, receipt_no, intake_code, decision, state, applicant_name, id_number, received_at,"
        " paper_fallback, portal_case_no"
    )
    # The parties ride in the materials JSON: read only by the look-ups that show them.
    PARTIES = "json_extract({t}materials, '$.parties') AS parties"
    RESULT = "json_extract({t}materials, '$.result.state') AS result"

    @staticmethod
    def of(row: sqlite3.Row) -> CaseRow:
        return CaseRow(
            row["id"],
            row["receipt_no"],
            row["intake_code"],
            row["decision"],
            row["state"],
            row["applicant_name"],
            row["id_number"],
            row["received_at"],
            bool(row["paper_fallback"]),
            row["portal_case_no"],
            # ``in`` on a sqlite3.Row looks at its values: the column names are its keys().
            json.loads(row["parties"]) if "parties" in row.keys() and row["parties"] else None,  # noqa: SIM118
            row["result"] if "result" in row.keys() else None,  # noqa: SIM118
        )


def next_receipt_no(conn: sqlite3.Connection, terminal_id: str, received_at: datetime) -> str:
    """Terminal code + date + sequence: unique per terminal, printable before the portal sees the case."""
    day = stamp(received_at)[:10].replace("-", "")
    row = conn.execute(
        "INSERT INTO receipt_counters (terminal_id, day, last) VALUES (?, ?, 1)"
        " ON CONFLICT (terminal_id, day) DO UPDATE SET last = last + 1 RETURNING last",
        (terminal_id, day),
    ).fetchone()
    return f"{terminal_id}-{day}-{row[0]:04d}"


def case_body(
    decided: Decided,
    receipt_no: str,
    terminal_id: str,
    clerk: str,
    paper_fallback: bool,
    paper_receipt_no: str | None,
) -> dict[str, Any]:
    """The case as the portal receives it. Written once with the case; it never changes."""
    c = decided.capture
    return {
        "format": CASE_FORMAT,
        "case_id": c.case_id,
        "receipt_no": receipt_no,
        "terminal_id": terminal_id,
        "clerk": clerk,
        "intake_code": decided.intake.code,
        "bundle_code": decided.intake.bundle.code if decided.intake.bundle else None,
        "services": [{"code": s.code, "version": s.version} for s in decided.intake.services],
        "catalogue_version": decided.catalogue_version,
        "applicant": {
            "kind": c.applicant.kind.value,
            "name": c.applicant.name,
            "id_number": normalise_id_number(c.applicant.id_number),
        },
        "answers": dict(c.answers),
        "form": decided.form,
        "materials": c.given.to_json(),
        "missing": [m.to_json() for m in decided.missing],
        "decision": decided.decision.value,
        "reason": decided.reason,
        "legal_basis": decided.legal_basis,
        "received_at": stamp(decided.received_at),
        "due_date": decided.due_date.isoformat() if decided.due_date else None,
        "notice_due": decided.notice_due.isoformat() if decided.notice_due else None,
        # A notice's last day to come back, by the service's rule: the portal tells the kiosk.
        **({"return_by": decided.return_by.isoformat()} if decided.return_by else {}),
        # Years its dates cross that the calendar did not cover: the dates may move.
        **({"calendar_uncovered": list(gaps)} if (gaps := decided.uncovered_years) else {}),
        "paper_fallback": paper_fallback,
        "paper_receipt_no": paper_receipt_no,
        # Only with captured materials: a case without any keeps the body it always had.
        **({"attachments": [a.to_json() for a in c.attachments]} if c.attachments else {}),
        **fees.body_part(decided),  # fee and 加急: only where there are any
        # An agent's or a company's case names them (terminal/parties.py); one's own, as before.
        **({"parties": c.parties.to_json()} if c.parties.kind != SELF else {}),
    }


def record_decision(
    conn: sqlite3.Connection,
    decided: Decided,
    *,
    terminal_id: str,
    clerk: str,
    at: datetime,
    paper_fallback: bool = False,
    paper_receipt_no: str | None = None,
    entered_by: str | None = None,
    clerk_name: str | None = None,
) -> str:
    """Write the case, its outbox row and its journal entry; return the receipt number.

    ``entered_by``: who typed a paper case in (the journal's actor), when that is not
    the clerk who accepted it on paper. ``clerk_name``: the name its documents print as
    经办人 (None: the account's name at printing, ``clerks.display_name``).

    Must run inside ``Store.write()``: the caller decides what else shares the
    transaction (a whole import, or the draft it replaces).
    """
    if not conn.in_transaction:
        raise RuntimeError("record_decision must run inside a write transaction")
    check_transition(CaseState.DRAFT, CaseState(decided.decision.value))
    decision_approvals.spend_all(
        conn, decided, clerk=entered_by or clerk, terminal=terminal_id, at=at
    )
    fee_settlement.settle(conn, decided, clerk=entered_by or clerk, terminal=terminal_id, at=at)
    receipt_no = next_receipt_no(conn, terminal_id, decided.received_at)
    body = case_body(decided, receipt_no, terminal_id, clerk, paper_fallback, paper_receipt_no)
    c = decided.capture
    now = stamp(at)
    conn.execute(
        "INSERT INTO cases (id, receipt_no, terminal_id, intake_code, bundle_code, services,"
        " catalogue_version, applicant_kind, applicant_name, id_number, answers, form, materials,"
        " missing, decision, state, reason, legal_basis, received_at, due_date, notice_due, clerk,"
        " paper_fallback, paper_receipt_no, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            c.case_id,
            receipt_no,
            terminal_id,
            decided.intake.code,
            body["bundle_code"],
            _json(body["services"]),
            decided.catalogue_version,
            c.applicant.kind.value,
            c.applicant.name,
            body["applicant"]["id_number"],
            _json(body["answers"]),
            _json(body["form"]),
            # No new column: the parties and a notice's last day ride in the materials JSON
            # (load_detail lifts them out).
            _json({**body["materials"], **{k: body[k] for k in RIDING if k in body}}),
            _json(body["missing"]),
            decided.decision.value,
            decided.decision.value,
            decided.reason or None,
            decided.legal_basis or None,
            body["received_at"],
            body["due_date"],
            body["notice_due"],
            clerk,
            int(paper_fallback),
            paper_receipt_no,
            now,
            now,
        ),
    )
    if clerk_name:
        conn.execute("UPDATE cases SET clerk_name = ? WHERE id = ?", (clerk_name, c.case_id))
    conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at) VALUES (?, ?, ?, ?, ?)",
        (c.case_id, OUTBOX_CASE_PUSH, c.case_id, _json(body), now),
    )
    conn.execute("DELETE FROM drafts WHERE id = ?", (c.case_id,))
    attachments.record(conn, c.case_id, c.attachments)
    journal.append(
        conn,
        at=at,
        actor=entered_by or clerk,
        terminal=terminal_id,
        action="case.paper_imported" if paper_fallback else "case.decided",
        subject=c.case_id,
        details={
            **({"paper_clerk": clerk} if entered_by else {}),
            "receipt_no": receipt_no,
            "intake": decided.intake.code,
            "decision": decided.decision.value,
            "missing": len(decided.missing),
            **(
                {"calendar_uncovered": list(decided.uncovered_years)}
                if decided.uncovered_years
                else {}
            ),
            # Each file by hash and who captured it (a login id; nothing personal).
            **({"attachments": attachments.journaled(c.attachments)} if c.attachments else {}),
            **fees.journaled(decided),
            **({"parties": c.parties.journaled(c.applicant)} if c.parties.kind != SELF else {}),
            # 告知承诺 (issue 16): each signed envelope's hash and its 核查 day, with the case.
            **(
                {
                    "pledges": {
                        code: {"hash": p.envelope_hash, "verify_by": p.verify_by.isoformat()}
                        for code, p in sorted(c.given.pledges.items())
                    }
                }
                if c.given.pledges
                else {}
            ),
        },
    )
    dates = {
        "due": [body["due_date"]] if body["due_date"] else [],
        "notice_due": [body["notice_due"]] if body["notice_due"] else [],
        "promise_due": sorted(d.isoformat() for d in c.given.promises.values()),
    }
    events.case_received(
        conn,
        c.case_id,
        service=decided.intake.code,
        outcome=decided.decision.value,
        dates=dates,
        terminal=terminal_id,
        clerk=clerk,
        at=at,
    )
    log.info(
        "case %s recorded: receipt %s, %s, missing %d",
        c.case_id,
        receipt_no,
        decided.decision.value,
        len(decided.missing),
    )
    return receipt_no


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- look-ups -----------------------------------------------------------------


def find(store: Store, key: str) -> CaseRow:
    """A case by its id, its receipt number or the portal's number."""
    row = store.conn.execute(
        f"SELECT {CaseRow.COLUMNS} FROM cases WHERE id = ?"
        f" UNION ALL SELECT {CaseRow.COLUMNS} FROM cases WHERE receipt_no = ?"
        f" UNION ALL SELECT {CaseRow.COLUMNS} FROM cases WHERE portal_case_no = ? LIMIT 1",
        (key, key, key),
    ).fetchone()
    if row is None:
        raise CaseNotFound("case.not_found", key=key)
    return CaseRow.of(row)


def by_id_number(store: Store, id_number: str, limit: int = 50) -> list[CaseRow]:
    rows = store.conn.execute(
        f"SELECT {CaseRow.COLUMNS}, {CaseRow.PARTIES.format(t='')} FROM cases"
        " WHERE id_number = ? ORDER BY received_at DESC LIMIT ?",
        (normalise_id_number(id_number), limit),
    ).fetchall()
    return [CaseRow.of(r) for r in rows]


def iter_cases(store: Store, limit: int | None = None) -> Iterator[CaseRow]:
    sql = f"SELECT {CaseRow.COLUMNS} FROM cases ORDER BY received_at DESC, receipt_no DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    for row in store.conn.execute(sql):
        yield CaseRow.of(row)


def outbox_waiting(store: Store) -> int:
    return int(
        store.conn.execute(
            f"SELECT count(*) FROM outbox WHERE state = 'pending' AND {NOT_HEARTBEAT}"
        ).fetchone()[0]
    )


_JSON_COLUMNS = ("services", "answers", "form", "materials", "missing")


def load_detail(store: Store, key: str) -> dict[str, Any]:
    """Every column of one case (by id, receipt number or portal number), JSON parsed."""
    case_id = find(store, key).id
    row = store.conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    detail = dict(row)
    for column in _JSON_COLUMNS:
        detail[column] = json.loads(detail[column])
    detail["paper_fallback"] = bool(detail["paper_fallback"])
    for key in RIDING:
        detail[key] = detail["materials"].pop(key, None)
    return detail


def search_cases(store: Store, text: str, limit: int = 200) -> list[tuple[CaseRow, str | None]]:
    """Cases by receipt or portal number, ID number, or day (YYYY-MM-DD); each with its sync state
    (the state of its case push: pending, sent, quarantined)."""
    key = normalise_id_number(text)
    columns = ", ".join(f"c.{c.strip()}" for c in CaseRow.COLUMNS.split(","))
    columns += ", " + CaseRow.PARTIES.format(t="c.") + ", " + CaseRow.RESULT.format(t="c.")
    base = (
        f"SELECT {columns}, o.state AS sync FROM cases c LEFT JOIN outbox o"
        f" ON o.case_id = c.id AND o.kind = '{OUTBOX_CASE_PUSH}'"
    )
    args: tuple[str, ...]
    if not key:
        where, args = "", ()
    elif len(key) == 10 and key[4] == "-" and key[7] == "-":
        where, args = " WHERE c.received_at >= ? AND c.received_at < ?", (key, key + "T99")
    elif len(key) in (15, 18) and key[:6].isdigit():
        where, args = " WHERE c.id_number = ?", (key,)
    else:
        where, args = (
            " WHERE c.receipt_no = ? OR c.portal_case_no = ? OR c.paper_receipt_no = ?",
            (key, key, key),
        )
    rows = store.conn.execute(
        f"{base}{where} ORDER BY c.received_at DESC LIMIT ?", (*args, limit)
    ).fetchall()
    return [(CaseRow.of(r), r["sync"]) for r in rows]
