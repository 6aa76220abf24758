"""The result of a case (出件): ready, handed over at a window or mailed (issue 16).

The department finishes a case (办结, or 不予许可 with its decision letter) and the portal
publishes what is ready (the licence, the certificate, the letter), in which hall, and how the
citizen asked to receive it; the reference portal records that it told the citizen (the SMS
itself is the portal's business: ``notified_at``). Then:

- any terminal of that hall asks which results are ready for the ID card placed on it
  (``POST /api/v1/results/lookup``; a kiosk, to issue a 出件 ticket): what and where, never
  the form;
- a counter of that hall hands it over (``POST /api/v1/cases/{case_id}/handover``): the
  portal decides, in one write transaction, which request takes a result that is ``ready``,
  so two windows racing for one result cannot both hand it over; the loser gets a signed
  409 ``result-taken`` naming who has it. The request says who collected (the applicant or
  an agent with their relation and the 委托书's hash), what was handed over (every item),
  and the hash of the collector's signature envelope;
- or mails it (``POST /api/v1/cases/{case_id}/mailing``): the address and the phone, the
  portal's courier gives the waybill number; ``POST /admin/cases/{case_id}/delivered``
  records the courier's delivery.

Each change is fed to the counter that recorded the case and to the hall (``case.result``),
and a status question shows where the result is (sync/portal/status.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from sync.link import protocol
from sync.portal import feed, throttle
from sync.portal.auth import Terminal, counter_only
from sync.portal.db import PortalDB, next_number
from sync.portal.intake import _remember, _replay, accepting_hall
from sync.portal.problems import Problem, field_error
from terminal.attachments.letters import LETTER_MATERIAL
from terminal.attachments.model import MAX_SIZE
from terminal.identity import last_four, mask_id_number, normalise_id_number

FINISHED = ("completed", "not_approved")  # the department's word is out: a result to give
_PHONE = re.compile(r"1[3-9][0-9]{9}")
_RELATIONS = ("spouse", "parent", "child", "relative", "entrusted", "employee")


def _problem(field: str, code: str) -> Problem:
    return Problem("invalid-request", {"errors": [field_error(field, code)]})


def publish(conn: sqlite3.Connection, case_id: str, body: Any, now: float) -> dict[str, Any]:
    """Admin: the case's result is ready (items, how); the citizen is told."""
    case = conn.execute(
        "SELECT terminal_id, state FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    if case is None:
        raise Problem("not-found")
    if case["state"] not in FINISHED:
        raise Problem("bad-transition", old=case["state"], new="result_ready")
    if not isinstance(body, dict):
        raise _problem("", "not_object")
    items = body.get("items")
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(i, dict) and isinstance(i.get("code"), str) for i in items)
    ):
        raise _problem("items", "not_a_list_of_items")
    how = body.get("how", "collect")
    if how not in ("collect", "mail"):
        raise _problem("how", "not_allowed")
    if conn.execute("SELECT 1 FROM results WHERE case_id = ?", (case_id,)).fetchone():
        raise Problem("bad-transition", old="result_ready", new="result_ready")  # once
    hall = accepting_hall(conn, str(case["terminal_id"])) or ""
    # The reference portal has no SMS gateway: publishing is where a real one tells the
    # citizen, and ``notified_at`` is when it would have.
    conn.execute(
        "INSERT INTO results (case_id, hall, items, how, state, ready_at, notified_at)"
        " VALUES (?, ?, ?, ?, 'ready', ?, ?)",
        (case_id, hall, json.dumps(items, ensure_ascii=False), how, now, now),
    )
    return _fed(conn, case_id, now)


def delivered(conn: sqlite3.Connection, case_id: str, now: float) -> dict[str, Any]:
    """Admin: the courier delivered a mailed result."""
    row = conn.execute(
        "SELECT r.state, c.terminal_id FROM results r JOIN cases c USING (case_id)"
        " WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        raise Problem("not-found")
    if row["state"] != "mailed":
        raise Problem("bad-transition", old=row["state"], new="delivered")
    conn.execute("UPDATE results SET state = 'delivered' WHERE case_id = ?", (case_id,))
    return _fed(conn, case_id, now)


def shown(conn: sqlite3.Connection, case_id: str) -> dict[str, Any] | None:
    """Where a case's result is, as a citizen may read it: what, where, how, the waybill."""
    row = conn.execute(
        "SELECT hall, items, how, state, waybill FROM results WHERE case_id = ?", (case_id,)
    ).fetchone()
    if row is None:
        return None
    return {
        "state": row["state"],
        "hall": row["hall"],
        "how": row["how"],
        "items": [str(i.get("name") or i["code"]) for i in json.loads(row["items"])],
        # The same items by code, as a handover names what it handed over.
        "codes": [str(i["code"]) for i in json.loads(row["items"])],
        **({"waybill": row["waybill"]} if row["waybill"] else {}),
    }


def lookup(db: PortalDB, terminal: Terminal, body: Any, now: float) -> dict[str, Any]:
    """The results waiting in this hall for the applicant whose card was placed.

    A whole ID number answers, so it is guarded like a status question (review 6): different
    numbers that find nothing count against the asking terminal (throttle.RESULTS_PER_TERMINAL), and
    every result shown is on record (``result_reads``: which case, to which terminal and
    clerk, when; the number itself is not kept)."""
    if terminal.kind not in ("kiosk", "counter"):  # a hall display has no card to ask with
        raise Problem("counter-only", terminal=terminal.terminal_id, kind=terminal.kind)
    number = body.get("id_number") if isinstance(body, dict) else None
    if not isinstance(number, str) or last_four(number[-4:]) is None or len(number) not in (15, 18):
        raise _problem("id_number", "not_an_id_number")
    clerk = body.get("clerk", "") if isinstance(body, dict) else ""
    if not isinstance(clerk, str) or len(clerk) > 64:  # a counter's clerk; a kiosk has none
        raise _problem("clerk", "not_a_user_name")
    buckets = [(throttle.RESULTS_PER_TERMINAL, terminal.terminal_id)]
    number = normalise_id_number(number)
    # Check, look and count in one write transaction: parallel lookups cannot all pass a
    # nearly full bucket. Only different numbers count: a card read again guesses nothing.
    with db.write() as conn:
        throttle.check(conn, buckets, now)
        found = _ready_for(conn, number, terminal.hall)
        if not found:
            throttle.record(conn, buckets, now, throttle.keyed(conn, number))
        conn.executemany(
            "INSERT INTO result_reads (case_id, terminal_id, kind, clerk, at) VALUES (?, ?, ?, ?, ?)",
            [(r["case_id"], terminal.terminal_id, terminal.kind, clerk, now) for r in found],
        )
    return {"results": found}


def _ready_for(conn: sqlite3.Connection, number: str, hall: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT c.case_id, c.receipt_no, c.intake_code FROM cases c JOIN results r USING (case_id)"
        " WHERE c.id_number = ? AND r.hall = ? AND r.state IN ('ready', 'mailed')"
        " ORDER BY r.ready_at",
        (number, hall),
    ).fetchall()
    found = []
    for r in rows:
        result = shown(conn, str(r["case_id"]))
        assert result is not None
        found.append({"case_id": r["case_id"], "receipt_no": r["receipt_no"],
                      "intake_code": r["intake_code"], **result})  # fmt: skip
    return found


def _checked(conn: sqlite3.Connection, terminal: Terminal, case_id: str, key: str, body: Any,
             id_field: str) -> sqlite3.Row:  # fmt: skip
    if not isinstance(body, dict) or body.get(id_field) != key:
        raise _problem(id_field, "not_idempotency_key")
    if body.get("case_id") != case_id:
        raise _problem("case_id", "not_the_path")
    if not isinstance(body.get("clerk"), str) or not body["clerk"]:
        raise _problem("clerk", "missing")
    counter_only(terminal, body.get("terminal_id"))
    row: sqlite3.Row | None = conn.execute(
        "SELECT r.state, r.items, r.handed_by, r.how, r.hall, r.handover, c.terminal_id,"
        " c.id_number, c.receipt_no"
        " FROM results r JOIN cases c USING (case_id) WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is None or row["hall"] != terminal.hall:
        raise Problem("unknown-case", case_id=case_id)  # no result, or another hall's
    if row["state"] != "ready":
        facts = {"state": row["state"], "handed_by": row["handed_by"]}
        if row["handed_by"] == terminal.terminal_id and row["handover"]:
            # This very terminal's earlier request (a retry under a new key after a cut): it
            # may recognise its own handover or mailing and record it.
            earlier = json.loads(row["handover"])
            facts["operation"] = earlier.get("handover_id") or earlier.get("mailing_id")
        raise Problem("result-taken", facts,
                      case_id=case_id, state=row["state"], handed_by=row["handed_by"] or "")  # fmt: skip
    return row


def _collector_errors(collector: Any, applicant_number: str) -> list[dict[str, str]]:
    if not isinstance(collector, dict) or collector.get("role") not in ("applicant", "agent"):
        return [field_error("collector.role", "not_allowed")]
    number = collector.get("id_number")
    if not isinstance(number, str) or len(normalise_id_number(number)) not in (15, 18):
        return [field_error("collector.id_number", "not_an_id_number")]
    # The whole number, read from the collector's card: who took a licence is on record, and
    # "the applicant" is the applicant, not anyone whose number ends alike.
    if collector["role"] == "applicant":
        if normalise_id_number(number) != normalise_id_number(applicant_number):
            return [field_error("collector.id_number", "not_the_applicant")]
        return []
    errors = []
    if collector.get("relation") not in _RELATIONS:
        errors.append(field_error("collector.relation", "not_allowed"))
    if not re.fullmatch(r"[0-9a-f]{64}", str(collector.get("letter_sha256"))):
        errors.append(field_error("collector.letter_sha256", "not_a_sha256"))  # the 委托书
    # Its size, when named, lists the letter for upload (``letters_listed``); a terminal of
    # before 委托书 uploads names none, and its handover stands on the hash alone.
    size = collector.get("letter_size", 1)
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_SIZE:
        errors.append(field_error("collector.letter_size", "not_allowed"))
    return errors


def letters_listed(conn: sqlite3.Connection, terminal_id: str, case_id: str | None) -> list[Any]:
    """The 委托书 each handover (or mailing) by this terminal names, as attachments of the
    case: (case_id, sha256, size, material). So the handing window, which seldom recorded
    the case, may upload the letter (sync/portal/uploads.py), and only bytes that hash to
    the name its handover gave are kept; the handover's record names the stored file."""
    sql = (
        "SELECT case_id, json_extract(handover, '$.collector.letter_sha256'),"
        " json_extract(handover, '$.collector.letter_size'), ? FROM results"
        " WHERE handed_by = ? AND json_extract(handover, '$.collector.letter_size') IS NOT NULL"
    )
    args: tuple[str, ...] = (LETTER_MATERIAL, terminal_id)
    if case_id is not None:
        sql, args = sql + " AND case_id = ?", (*args, case_id)
    return list(conn.execute(sql + " ORDER BY rowid", args).fetchall())


def _signature_errors(conn: sqlite3.Connection, terminal: Terminal, body: dict[str, Any],
                      receipt_no: str) -> list[dict[str, str]]:  # fmt: skip
    """The collector's signature comes whole (its envelope and the text they were shown) and must
    hold: the strokes bound to that text, its hash the one named, signed by the collector's card
    (the masked number, and the keyed tie to the whole number when the envelope has one).
    The portal keeps it with the handover: the proof of who took the licence."""
    from terminal import signatures

    digest, signed = body.get("signature_sha256"), body.get("signature")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return [field_error("signature_sha256", "not_a_sha256")]
    if not isinstance(signed, dict) or not isinstance(signed.get("envelope"), dict):
        return [field_error("signature", "missing")]
    envelope, text = signed["envelope"], signed.get("text")
    if not isinstance(text, str) or signatures.problem(envelope, text.encode("utf-8"), digest):
        return [field_error("signature", "does_not_hold")]
    # What was signed names this case (and, for a mailing, where and to whom): a 领取确认
    # signed for another receipt or another address settles nothing here (review 6, finding 2).
    named = [receipt_no]
    if "mailing_id" in body:
        named += [str(body.get("address") or ""), str(body.get("recipient") or "")]
    if envelope.get("purpose") != "handover" or not all(n and n in text for n in named):
        return [field_error("signature", "not_for_this")]
    collector = body.get("collector") if isinstance(body.get("collector"), dict) else {}
    number = str((collector or {}).get("id_number") or "")
    signer = envelope.get("signer") if isinstance(envelope.get("signer"), dict) else {}
    if (signer or {}).get("id_masked") != mask_id_number(number):
        return [field_error("signature", "not_the_collector")]
    # The tie is keyed with the key of the terminal that made the envelope (this counter's
    # key in force): a tie for another number, under another terminal's key, or under a key
    # revoked since (re-enrolled, maybe because it was stolen: review 8, finding 7) fails.
    # An envelope without one (the old ``person_sha256`` form) has the masked check above.
    key_id = signatures.tie_key_id(signer or {})
    if key_id is not None:
        row = conn.execute(
            "SELECT secret FROM terminals WHERE key_id = ? AND terminal_id = ? AND revoked = 0",
            (key_id, terminal.terminal_id),
        ).fetchone()
        if row is None or not signatures.tied_to(signer or {}, number, bytes(row["secret"])):
            return [field_error("signature", "not_the_collector")]
    return []


def hand_over(conn: sqlite3.Connection, terminal: Terminal, key: str, case_id: str, body: Any,
              now: float) -> tuple[int, dict[str, Any], bool]:  # fmt: skip
    request_hash = protocol.body_sha256(protocol.canonical_json(body))
    seen = _replay(conn, "handover", key, request_hash, terminal)
    if seen is not None:
        return seen[0], seen[1], True
    row = _checked(conn, terminal, case_id, key, body, "handover_id")
    errors = _collector_errors(body.get("collector"), str(row["id_number"]))
    wanted = {str(i["code"]) for i in json.loads(row["items"])}
    items = body.get("items")
    if not isinstance(items, list) or set(map(str, items)) != wanted:
        errors.append(field_error("items", "not_every_item"))  # all of it, or nothing
    errors += _signature_errors(conn, terminal, body, str(row["receipt_no"]))
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    return _taken(conn, terminal, key, case_id, body, "collected", None, request_hash, now)


def mail(conn: sqlite3.Connection, terminal: Terminal, key: str, case_id: str, body: Any,
         now: float) -> tuple[int, dict[str, Any], bool]:  # fmt: skip
    request_hash = protocol.body_sha256(protocol.canonical_json(body))
    seen = _replay(conn, "mailing", key, request_hash, terminal)
    if seen is not None:
        return seen[0], seen[1], True
    row = _checked(conn, terminal, case_id, key, body, "mailing_id")
    # Mailed only on the citizen's word at the counter, as a handover: the applicant's card or
    # an agent with the 委托书, and their signature (review 5, finding 2).
    errors = _collector_errors(body.get("collector"), str(row["id_number"]))
    errors += _signature_errors(conn, terminal, body, str(row["receipt_no"]))
    if not isinstance(body.get("address"), str) or len(body["address"].strip()) < 8:
        errors.append(field_error("address", "too_short"))
    if not isinstance(body.get("phone"), str) or not _PHONE.fullmatch(body["phone"]):
        errors.append(field_error("phone", "not_a_mobile_number"))
    if not isinstance(body.get("recipient"), str) or not body["recipient"].strip():
        errors.append(field_error("recipient", "missing"))
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    waybill = f"YZ{feed.portal_stamp(now)[:10].replace('-', '')}{_next_waybill(conn):06d}"
    return _taken(conn, terminal, key, case_id, body, "mailed", waybill, request_hash, now)


def _next_waybill(conn: sqlite3.Connection) -> int:
    return next_number(conn, "waybill")


def _taken(conn: sqlite3.Connection, terminal: Terminal, key: str, case_id: str,
           body: dict[str, Any], state: str, waybill: str | None, request_hash: str,
           now: float) -> tuple[int, dict[str, Any], bool]:  # fmt: skip
    # The one place a result leaves 'ready': the writer that gets here first takes it (the
    # portal's writes are serial), whoever comes next reads its new state in _checked.
    taken = conn.execute(
        "UPDATE results SET state = ?, handed_by = ?, handed_at = ?, handover = ?, waybill = ?"
        " WHERE case_id = ? AND state = 'ready'",
        (state, terminal.terminal_id, now, protocol.canonical_json(body).decode(), waybill,
         case_id),
    ).rowcount  # fmt: skip
    assert taken == 1, "checked in the same transaction"
    answer = {"operation": key, **_fed(conn, case_id, now)}
    _remember(conn, "handover" if state == "collected" else "mailing", key, request_hash, 201,
              answer, now, terminal)  # fmt: skip
    return 201, answer, False


def _fed(conn: sqlite3.Connection, case_id: str, now: float) -> dict[str, Any]:
    """The result's news to the counter that recorded the case (kiosks and displays of the hall
    have no use for it, and it names a case)."""
    result = shown(conn, case_id)
    assert result is not None
    handed = conn.execute("SELECT handed_by FROM results WHERE case_id = ?", (case_id,)).fetchone()
    data = {"case_id": case_id, **result, "handed_by": handed["handed_by"]}
    recorded_by = conn.execute(
        "SELECT terminal_id FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    seq = feed.emit(conn, "case.result", feed.for_terminal(str(recorded_by)), data, now)
    return {**data, "seq": seq}
