"""The store file: durability settings, privacy, schema versions, and the one-transaction rule."""

from __future__ import annotations

import sqlite3
import stat
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from terminal import case_state, casebook, drafts, journal, migrations
from terminal.case_machine import CaseError, CaseState
from terminal.cases import Applicant, Capture, Decided, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.identity import DocumentKind
from terminal.store import Store, open_store
from terminal.workdays import default_calendar

from .conftest import VALID_ID


def test_store_is_private_durable_and_current(store: Store) -> None:
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode == 0o600
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.schema_version() == migrations.LATEST


def test_wal_files_are_private_too(store: Store, at: datetime) -> None:
    with store.write():
        journal.append(store.conn, at=at, actor="t", terminal="T", action="x", subject="y")
    for suffix in ("-wal", "-shm"):
        side = Path(str(store.path) + suffix)
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0


def test_a_newer_schema_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(migrations.SchemaTooNew) as caught:
        open_store(path)
    assert "新版" in caught.value.text("zh_CN")


def decided_case(cat: Catalogue, at: datetime) -> Decided:
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP", "CL-ZLHT")})
    cap = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "测试甲", VALID_ID),
        {"first": "yes", "agent": "no"},
        {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"},
        given,
    )
    return decide(cat, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar())


def test_case_outbox_and_journal_land_together(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    d = decided_case(mini_catalogue, at)
    with store.write():
        receipt = casebook.record_decision(store.conn, d, terminal_id="XH-W01", clerk="wang", at=at)
    assert receipt == "XH-W01-20261126-0001"
    row = casebook.find(store, receipt)
    assert row.id == d.capture.case_id and row.state == "accepted"
    assert casebook.outbox_waiting(store) == 1
    entry = journal.recent(store.conn, 1)[0]
    assert entry.subject == d.capture.case_id and entry.details["receipt_no"] == receipt
    # No personal data in the journal: neither the name nor the ID number.
    text = str(store.conn.execute("SELECT group_concat(details) FROM journal").fetchone()[0])
    assert VALID_ID not in text and "测试甲" not in text


def test_a_failure_inside_the_transaction_leaves_nothing(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    d = decided_case(mini_catalogue, at)
    with pytest.raises(RuntimeError), store.write():
        casebook.record_decision(store.conn, d, terminal_id="XH-W01", clerk="wang", at=at)
        raise RuntimeError("power cut")
    counts = [
        store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("cases", "outbox", "journal", "receipt_counters")
    ]
    assert counts == [0, 0, 0, 0]


def test_receipt_numbers_count_per_terminal_and_day(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    with store.write():
        numbers = [
            casebook.record_decision(
                store.conn,
                decided_case(mini_catalogue, at),
                terminal_id="XH-W01",
                clerk="wang",
                at=at,
            )
            for _ in range(3)
        ]
    assert numbers == [f"XH-W01-20261126-000{i}" for i in (1, 2, 3)]


def test_unsent_outbox_rows_cannot_be_deleted_and_bodies_never_change(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    with store.write():
        casebook.record_decision(
            store.conn, decided_case(mini_catalogue, at), terminal_id="T1", clerk="w", at=at
        )
    with pytest.raises(sqlite3.IntegrityError, match="unsent"), store.write():
        store.conn.execute("DELETE FROM outbox")
    with pytest.raises(sqlite3.IntegrityError, match="never changes"), store.write():
        store.conn.execute("UPDATE outbox SET body = '{}'")
    with pytest.raises(sqlite3.IntegrityError, match="signed answer"), store.write():
        store.conn.execute("UPDATE outbox SET state = 'sent'")  # sent on nobody's word
    with store.write():
        answer = store.conn.execute(
            "INSERT INTO portal_answers (received_at, key_id, path, nonce, idempotency_key,"
            " status, portal_time, body, signature) VALUES ('-', 'k', '/', 'n', '', 200, '0',"
            " x'', 'sig')"
        ).lastrowid
        store.conn.execute("UPDATE outbox SET state = 'sent', answer_id = ?", (answer,))
        store.conn.execute("DELETE FROM outbox")  # sent rows may be pruned
    assert casebook.outbox_waiting(store) == 0


def test_the_portal_number_binds_once(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    with store.write():
        receipt = casebook.record_decision(
            store.conn, decided_case(mini_catalogue, at), terminal_id="T1", clerk="w", at=at
        )
    with store.write():
        store.conn.execute(
            "UPDATE cases SET portal_case_no = 'SH-1' WHERE receipt_no = ?", (receipt,)
        )
    with store.write():  # the same number again is not a change
        store.conn.execute(
            "UPDATE cases SET portal_case_no = 'SH-1' WHERE receipt_no = ?", (receipt,)
        )
    with pytest.raises(sqlite3.IntegrityError, match="already bound"), store.write():
        store.conn.execute(
            "UPDATE cases SET portal_case_no = 'SH-2' WHERE receipt_no = ?", (receipt,)
        )
    assert casebook.find(store, "SH-1").receipt_no == receipt


def test_drafts_survive_reopening_and_vanish_when_decided(
    tmp_path: Path, mini_catalogue: Catalogue, at: datetime
) -> None:
    path = tmp_path / "t.db"
    store = open_store(path, create=True)
    d = decided_case(mini_catalogue, at)
    drafts.save_draft(
        store,
        d.capture.case_id,
        terminal_id="T1",
        clerk="w",
        intake_code="T-GA-JZZ",
        payload={"form": {"applicant_phone": "138"}},
        at=at,
    )
    drafts.save_draft(
        store,
        d.capture.case_id,
        terminal_id="T1",
        clerk="w",
        intake_code="T-GA-JZZ",
        payload={"form": {"applicant_phone": "13800000000"}},
        at=at,
    )
    store.close()
    store = open_store(path)
    kept = drafts.open_drafts(store, "T1")
    assert [(i, p["form"]["applicant_phone"]) for i, _, p in kept] == [
        (d.capture.case_id, "13800000000")
    ]
    with store.write():
        casebook.record_decision(store.conn, d, terminal_id="T1", clerk="w", at=at)
    assert drafts.open_drafts(store, "T1") == []
    store.close()


def test_lookup_by_id_number_and_receipt(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    with store.write():
        receipt = casebook.record_decision(
            store.conn, decided_case(mini_catalogue, at), terminal_id="T1", clerk="w", at=at
        )
    assert [r.receipt_no for r in casebook.by_id_number(store, VALID_ID.lower())] == [receipt]
    assert casebook.find(store, receipt).masked_id == "110105********002X"
    with pytest.raises(casebook.CaseNotFound):
        casebook.find(store, "nope")


def test_binding_the_portal_number_is_once_and_journaled(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    d = decided_case(mini_catalogue, at)
    with store.write():
        receipt = casebook.record_decision(store.conn, d, terminal_id="T1", clerk="w", at=at)
    case_id = d.capture.case_id

    def bind(number: str) -> str:
        with store.write():
            return case_state.bind(store.conn, case_id, number, actor="portal", at=at)

    assert bind("SH-2026-000123") == "bound"
    assert bind("SH-2026-000123") == "same"  # the same answer heard twice
    # A second portal case for one application: a person decides, the first number stays.
    assert bind("SH-2026-999999") == "conflict"
    case = casebook.find(store, receipt)
    assert (case.portal_case_no, case.state) == ("SH-2026-000123", "conflict")
    actions = [e.action for e in reversed(journal.recent(store.conn))]
    assert actions[-3:] == ["case.portal_bound", "sync.number_conflict", "case.state"]
    assert journal.verify(store.conn).ok


def test_one_portal_number_for_two_cases_puts_the_second_in_conflict(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    first, second = decided_case(mini_catalogue, at), decided_case(mini_catalogue, at)
    with store.write():
        for d in (first, second):
            casebook.record_decision(store.conn, d, terminal_id="T1", clerk="w", at=at)
        case_state.bind(store.conn, first.capture.case_id, "SH-1", actor="portal", at=at)
        outcome = case_state.bind(store.conn, second.capture.case_id, "SH-1", actor="portal", at=at)
    assert outcome == "conflict"
    assert casebook.find(store, second.capture.case_id).portal_case_no is None
    assert casebook.find(store, second.capture.case_id).state == "conflict"
    assert casebook.find(store, "SH-1").id == first.capture.case_id


def test_state_changes_follow_the_machine_and_are_journaled(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    d = decided_case(mini_catalogue, at)
    with store.write():
        receipt = casebook.record_decision(store.conn, d, terminal_id="T1", clerk="w", at=at)

    def change(new: CaseState, actor: str) -> None:
        with store.write():
            case_state.change(store.conn, d.capture.case_id, new, actor=actor, at=at)

    change(CaseState.SYNCED, "sync")
    change(CaseState.IN_PROGRESS, "portal")
    with pytest.raises(CaseError):
        change(CaseState.ACCEPTED, "x")
    with pytest.raises(casebook.CaseNotFound), store.write():
        case_state.change(store.conn, "no-such-case", CaseState.SYNCED, actor="x", at=at)
    assert casebook.find(store, receipt).state == "in_progress"
    moves = [e.details for e in reversed(journal.recent(store.conn)) if e.action == "case.state"]
    assert moves == [{"from": "accepted", "to": "synced"}, {"from": "synced", "to": "in_progress"}]
    assert [e.actor for e in journal.recent(store.conn, 2)] == ["portal", "sync"]


def test_the_portal_state_a_case_cannot_become_is_journaled_not_taken(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    d = decided_case(mini_catalogue, at)
    with store.write():
        receipt = casebook.record_decision(store.conn, d, terminal_id="T1", clerk="w", at=at)
    before = journal.verify(store.conn).count
    with store.write():
        # The portal says completed of a case it never took: walked there step by step.
        outcome = case_state.reach(
            store.conn, d.capture.case_id, CaseState.COMPLETED, actor="portal", at=at
        )
    assert outcome == "moved" and casebook.find(store, receipt).state == "completed"
    assert journal.verify(store.conn).count == before + 2  # synced, then completed
    with store.write():
        outcome = case_state.reach(
            store.conn, d.capture.case_id, CaseState.IN_PROGRESS, actor="portal", at=at
        )
    assert outcome == "refused" and casebook.find(store, receipt).state == "completed"
    assert journal.recent(store.conn, 1)[0].action == "sync.state_refused"
