"""Cases and ratings arriving from terminals: once per idempotency key, whatever happens.

A key seen before with the same body gets its first answer again (marked as
replayed); with another body, a 409 for a person to look at. A new key is
checked, numbered and stored with its first answer and its feed entry in the
same transaction, so "committed" and "answered the same way forever" are one
event.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from sync.link import protocol
from sync.portal import feed
from sync.portal.auth import Terminal
from sync.portal.checks import case_errors, rating_errors
from sync.portal.db import next_number
from sync.portal.problems import Problem, field_error
from terminal.clock import CHINA
from terminal.identity import ends_with


def owner(terminal: Terminal) -> str:
    """Whose keys these are: a key is replayed only to the terminal of the hall that used it
    first, so one hall cannot read another's answers by sending its keys."""
    return f"{terminal.hall}\n{terminal.terminal_id}"


def _replay(
    conn: sqlite3.Connection, scope: str, key: str, request_hash: str, by: Terminal
) -> tuple[int, dict[str, Any]] | None:
    row = conn.execute(
        "SELECT request_sha256, status, response, owner FROM idempotency"
        " WHERE scope = ? AND key = ?",
        (scope, key),
    ).fetchone()
    if row is None:
        return None
    # Another terminal's key is "taken", told the same way as another body under it: the
    # caller learns neither the first answer nor whose it was.
    if row["request_sha256"] != request_hash or row["owner"] not in (None, owner(by)):
        raise Problem("idempotency-conflict", key=key)
    return int(row["status"]), dict(json.loads(row["response"]))


def _remember(
    conn: sqlite3.Connection,
    scope: str,
    key: str,
    request_hash: str,
    status: int,
    answer: dict[str, Any],
    now: float,
    by: Terminal,
) -> None:
    conn.execute(
        "INSERT INTO idempotency (scope, key, request_sha256, status, response, created_at, owner)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (scope, key, request_hash, status, json.dumps(answer, ensure_ascii=False), now, owner(by)),
    )


def case_number(conn: sqlite3.Connection, now: float) -> str:
    day = datetime.fromtimestamp(now, CHINA).strftime("%Y%m%d")
    return f"SH{day}{next_number(conn, 'case:' + day):06d}"


def receive_case(
    conn: sqlite3.Connection, terminal: Terminal, key: str, case: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    """(status, answer, replayed) for one case; raises ``Problem`` for 409 and 422."""
    request_hash = protocol.body_sha256(protocol.canonical_json(case))
    seen = _replay(conn, "case", key, request_hash, terminal)
    if seen is not None:
        return seen[0], seen[1], True
    errors = case_errors(case, terminal.terminal_id)
    if isinstance(case, dict) and case.get("case_id") != key:
        errors.append(field_error("case_id", "not_idempotency_key"))
    if errors:
        receipt = case.get("receipt_no", "") if isinstance(case, dict) else ""
        raise Problem("invalid-case", {"errors": errors}, receipt_no=receipt, count=len(errors))
    id_number = case["applicant"]["id_number"]
    state, application_no, conflict = _online_application(conn, id_number, case, now)
    number = application_no if application_no and not conflict else case_number(conn, now)
    conn.execute(
        "INSERT INTO cases (case_id, portal_case_no, terminal_id, receipt_no, id_number, intake_code,"
        " state, body, received_at, application_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            number,
            terminal.terminal_id,
            case["receipt_no"],
            id_number,
            case["intake_code"],
            state,
            protocol.canonical_json(case).decode(),
            now,
            application_no,
        ),
    )
    answer: dict[str, Any] = {"case_id": key, "portal_case_no": number, "state": state}
    if conflict:
        answer["conflict"] = {"reason": "withdrawn_online", "application_no": application_no}
    answer["seq"] = feed.emit(
        conn, "case.status", feed.for_terminal(terminal.terminal_id), _status_data(answer), now
    )
    _remember(conn, "case", key, request_hash, 201, answer, now, terminal)
    return 201, answer, False


def _status_data(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: answer[k] for k in ("case_id", "portal_case_no", "state", "conflict") if k in answer}


def _online_application(
    conn: sqlite3.Connection, id_number: str, case: dict[str, Any], now: float
) -> tuple[str, str | None, bool]:
    """The conflict rule: a case continuing an online application the citizen withdrew.

    Matching is on the citizen and the service, never on either side's clock:
    if the online application was withdrawn by the time the counter's case
    arrives, the two facts collide and a person decides. The case is still
    taken and numbered, so nothing the citizen handed over is lost.
    """
    row = conn.execute(
        "SELECT application_no, state FROM online_applications"
        " WHERE id_number = ? AND intake_code = ? AND state IN ('submitted', 'withdrawn')"
        " ORDER BY state = 'submitted' DESC, updated_at DESC LIMIT 1",
        (id_number, case["intake_code"]),
    ).fetchone()
    if row is None:
        return "received", None, False
    if row["state"] == "withdrawn":
        conn.execute(
            "UPDATE online_applications SET case_id = ?, updated_at = ? WHERE application_no = ?",
            (case["case_id"], now, row["application_no"]),
        )
        return "conflict", row["application_no"], True
    conn.execute(
        "UPDATE online_applications SET state = 'merged', case_id = ?, updated_at = ?"
        " WHERE application_no = ?",
        (case["case_id"], now, row["application_no"]),
    )
    return "received", row["application_no"], False


def receive_batch(
    conn: sqlite3.Connection, terminal: Terminal, items: list[dict[str, Any]], now: float
) -> list[dict[str, Any]]:
    """Each item answered as the single endpoint would, all in the caller's transaction."""
    results = []
    for item in items:
        key = item["idempotency_key"]
        conn.execute("SAVEPOINT item")
        try:
            status, answer, replayed = receive_case(conn, terminal, key, item["case"], now)
        except Problem as p:
            conn.execute("ROLLBACK TO item")
            conn.execute("RELEASE item")
            results.append({"idempotency_key": key, "status": p.status, "problem": p})
            continue
        conn.execute("RELEASE item")
        results.append(
            {"idempotency_key": key, "status": status, "replayed": replayed, "receipt": answer}
        )
    return results


def receive_rating(
    conn: sqlite3.Connection, terminal: Terminal, key: str, rating: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    request_hash = protocol.body_sha256(protocol.canonical_json(rating))
    seen = _replay(conn, "rating", key, request_hash, terminal)
    if seen is not None:
        return seen[0], seen[1], True
    errors = rating_errors(rating)
    if isinstance(rating, dict) and rating.get("rating_id") != key:
        errors.append(field_error("rating_id", "not_idempotency_key"))
    if errors:
        raise Problem("invalid-rating", {"errors": errors}, count=len(errors))
    case = conn.execute(
        "SELECT portal_case_no, terminal_id, id_number FROM cases WHERE case_id = ?",
        (rating["case_id"],),
    ).fetchone()
    if case is None or not _may_rate(conn, terminal, case, rating):
        # One answer for "no such case", "wrong last four" and "another hall": a terminal
        # holding only a case id learns nothing about the case or its applicant.
        raise Problem("unknown-case", case_id=rating["case_id"])
    # The last four were the proof for this request only: the kept rating does not hold them.
    kept = {k: v for k, v in rating.items() if k != "id_last4"}
    try:
        conn.execute(
            "INSERT INTO ratings (rating_id, case_id, level, body, received_at) VALUES (?, ?, ?, ?, ?)",
            (
                key,
                rating["case_id"],
                rating["level"],
                protocol.canonical_json(kept).decode(),
                now,
            ),
        )
    except sqlite3.IntegrityError:
        raise Problem("already-rated", case_id=rating["case_id"]) from None
    answer = {"rating_id": key, "case_id": rating["case_id"], "portal_case_no": case[0]}
    _remember(conn, "rating", key, request_hash, 201, answer, now, terminal)
    return 201, answer, False


def _may_rate(
    conn: sqlite3.Connection, terminal: Terminal, case: sqlite3.Row, rating: dict[str, Any]
) -> bool:
    """The terminal that pushed the case may rate it; so may a kiosk of the same hall.

    Cases are accepted at the counters, so the hall's kiosk never holds them; the citizen at
    the kiosk proves the case is theirs as for a status question (receipt + the last four
    characters of the ID number), and the kiosk sends the last four along.
    """
    if case["terminal_id"] == terminal.terminal_id:
        return True
    last4 = rating.get("id_last4")
    if rating.get("channel") != "kiosk" or not isinstance(last4, str):
        return False
    if not ends_with(str(case["id_number"]), last4):
        return False
    return accepting_hall(conn, str(case["terminal_id"])) == terminal.hall


def accepting_hall(conn: sqlite3.Connection, terminal_id: str) -> str | None:
    """The hall of the terminal that pushed a case, as it enrolled (its latest enrolment)."""
    owner = conn.execute(
        "SELECT hall FROM terminals WHERE terminal_id = ? ORDER BY enrolled_at DESC LIMIT 1",
        (terminal_id,),
    ).fetchone()
    return None if owner is None else str(owner["hall"])
