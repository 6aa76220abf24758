"""Rows the portal refuses for their content: quarantined with a reason, never deleted, never lost."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from sync.cases import outbox
from sync.link.protocol import PATH_CASES
from sync.report import status_lines
from sync.state import read_status
from terminal.catalogue import Catalogue
from terminal.i18n import set_language

from .conftest import Terminal
from .helpers import AT, Admin, client_for, drain, record_cases


def _bad_row(terminal: Terminal, body: str) -> int:
    """A row as an old, buggy version might have written it (the body never changes after)."""
    key = str(uuid.uuid4())
    with terminal.store.write():
        cur = terminal.store.conn.execute(
            "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at)"
            " VALUES (NULL, 'case.push', ?, ?, '2026-11-26T10:00:00+08:00')",
            (key, body.replace("KEY", key)),
        )
    return int(cur.lastrowid or 0)


def test_content_refusal_quarantines_one_row_and_the_others_go(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 5)
    bad = _bad_row(terminal, '{"format":"tongban.case/1","case_id":"KEY","decision":"maybe"}')
    client = client_for(terminal.key)
    summary = drain(terminal.store, client)
    assert summary.refused == 1
    assert sorted(c["case_id"] for c in admin.cases()) == sorted(ids)
    status = read_status(terminal.store.conn)
    assert [s.outbox_id for s in status.stuck] == [bad]
    stuck = status.stuck[0]
    assert stuck.state == "quarantined" and stuck.reason is not None
    assert stuck.reason["id"] == "sync.reason.content_refused"
    assert "decision" in stuck.reason["params"]["fields"]
    set_language("en")
    assert any("does not meet the portal's rules" in line for line in status_lines(status))
    problem = terminal.store.conn.execute("SELECT problem FROM outbox WHERE id = ?", (bad,))
    assert json.loads(problem.fetchone()[0])["status"] == 422  # the portal's words, for IT
    # Nothing unsent can be deleted, by any command or by hand through the program.
    with pytest.raises(sqlite3.IntegrityError), terminal.store.write():
        terminal.store.conn.execute("DELETE FROM outbox WHERE id = ?", (bad,))
    # Released by IT, it is tried again (and, the content being what it is, refused again).
    assert outbox.release(terminal.store, bad, actor="it", terminal="XH-W01", at=AT)
    assert not outbox.release(terminal.store, bad, actor="it", terminal="XH-W01", at=AT)
    again = drain(terminal.store, client)
    assert again.refused == 1 and len(again.status.stuck) == 1


def test_a_row_the_portal_cannot_even_parse_is_isolated(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 3)
    bad = _bad_row(terminal, "this is not JSON at all")
    drain(terminal.store, client_for(terminal.key))
    assert sorted(c["case_id"] for c in admin.cases()) == sorted(ids)
    assert [s.outbox_id for s in read_status(terminal.store.conn).stuck] == [bad]


def test_same_id_with_another_body_is_409_for_a_person(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    body = terminal.store.conn.execute(
        "SELECT body FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    other = json.loads(body)
    other["clerk"] = "someone-else"
    client = client_for(terminal.key)
    # Another body under the same key reached the portal first (a cloned disk, a bug).
    first = client.push_one(PATH_CASES, case_id, json.dumps(other, ensure_ascii=False))
    assert first.__class__.__name__ == "Taken"
    summary = drain(terminal.store, client)
    assert summary.refused == 1
    (stuck,) = summary.status.stuck
    assert stuck.reason and stuck.reason["id"] == "sync.reason.same_id_other_content"
    # The portal kept its first copy, once; nothing was overwritten on either side.
    assert [c["case_id"] for c in admin.cases()] == [case_id]
    state = terminal.store.conn.execute("SELECT state FROM cases WHERE id = ?", (case_id,))
    assert state.fetchone()[0] == "conflict"
    assert [c.case_id for c in read_status(terminal.store.conn).conflicts] == [case_id]


def test_the_same_key_and_body_is_replayed_not_duplicated(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    body = terminal.store.conn.execute(
        "SELECT body FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    client = client_for(terminal.key)
    one = client.push_one(PATH_CASES, case_id, body)
    two = client.push_one(PATH_CASES, case_id, body)
    batch = client.push_batch([(case_id, body)])
    assert one.answer == two.answer == batch[0].answer  # type: ignore[union-attr]
    assert not one.replayed and two.replayed and batch[0].replayed  # type: ignore[union-attr]
    assert len(admin.cases()) == 1
