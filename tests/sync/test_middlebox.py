"""Something that is not the portal answers: nothing is settled on its word.

A captive portal, an API gateway that says ``200 {"code":503}``, a proxy's 404, 409
or 422, an empty 200, an old portal answer replayed: none carries the portal's
signature over this request, so the link counts as down, every row stays pending
under its key, no case is marked synced or in conflict, ``sync status`` says so,
and everything goes through once the real portal is reachable again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync.cases import outbox
from sync.engine import sync_once
from sync.errors import LinkDown
from sync.link.answers import AnswerProof, names_case, outcome_of
from sync.link.protocol import PATH_CASES, body_sha256, canonical_json
from sync.portal.server import RunningPortal
from sync.report import status_lines
from sync.state import read_status
from terminal.catalogue import Catalogue
from terminal.i18n import set_language

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import AT, TERMINAL, Admin, assert_exactly_once, client_for, drain, record_cases

LIES = [
    Fault.FOREIGN_200,
    Fault.EMPTY_200,
    Fault.CAPTIVE_HTML,
    Fault.PROXY_404,
    Fault.PROXY_422,
    Fault.CONFLICT_409,
    Fault.LIE_AFTER_COMMIT,
    Fault.REPLAY_OLD,
]


def _states(terminal: Terminal) -> dict[str, str]:
    return dict(terminal.store.conn.execute("SELECT id, state FROM cases").fetchall())


def _outbox_states(terminal: Terminal) -> list[str]:
    return [r[0] for r in terminal.store.conn.execute("SELECT state FROM outbox ORDER BY id")]


@pytest.mark.parametrize("alone", [False, True], ids=["batch", "one-by-one"])
@pytest.mark.parametrize("lie", LIES, ids=lambda f: f.value)
def test_a_lying_middlebox_settles_nothing_and_the_portal_gets_everything_later(
    lie: Fault,
    alone: bool,
    terminal: Terminal,
    admin: Admin,
    proxy: FaultProxy,
    mini_catalogue: Catalogue,
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 3)
    if alone:
        # Rows that failed before go one by one: the path where a 2xx used to be enough.
        with terminal.store.write():
            terminal.store.conn.execute("UPDATE outbox SET attempts = ?", (outbox.ALONE_AFTER,))
    client = client_for(terminal.key, proxy.url)
    if lie is Fault.REPLAY_OLD:
        client.portal_time()  # one real, signed answer passes: the box keeps it to replay
    proxy.then(*[lie] * 20)
    summary = sync_once(terminal.store, client, terminal=TERMINAL)
    assert proxy.applied[lie] >= 1
    # Nothing settled: no row sent or quarantined, no case synced or in conflict.
    assert summary.online is False
    assert set(_outbox_states(terminal)) == {"pending"}
    assert set(_states(terminal).values()) == {"accepted"}
    status = read_status(terminal.store.conn)
    assert status.online is False and status.waiting == 3
    assert status.conflicts == [] and [s for s in status.stuck if s.state != "pending"] == []
    assert status.problem is not None
    assert status.problem["id"] in ("sync.link.not_portal", "sync.link.unreachable")
    # The portal may have committed (LIE_AFTER_COMMIT) or not: either way, once the box is
    # gone, each case is on the portal exactly once and synced here.
    proxy.plan.clear()
    drain(terminal.store, client)
    assert_exactly_once(terminal.store, admin, ids)
    assert set(_states(terminal).values()) == {"synced"}
    assert read_status(terminal.store.conn).conflicts == []


def test_status_names_what_answered_instead_of_the_portal(
    terminal: Terminal, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    record_cases(terminal.store, mini_catalogue, 2)
    proxy.then(*[Fault.CAPTIVE_HTML] * 5)
    sync_once(terminal.store, client_for(terminal.key, proxy.url), terminal=TERMINAL)
    status = read_status(terminal.store.conn)
    assert status.problem == {
        "id": "sync.link.not_portal",
        "params": {"status": 200, "content_type": "text/html"},
    }
    assert status.problem_needs_it
    set_language("en")
    text = "\n".join(status_lines(status))
    assert "did not come from the portal (HTTP 200, text/html" in text
    assert "2 waiting" in text


def test_a_gateway_503_is_an_ordinary_outage(
    terminal: Terminal, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    record_cases(terminal.store, mini_catalogue, 1)
    proxy.then(*[Fault.ERROR_503] * 5)
    sync_once(terminal.store, client_for(terminal.key, proxy.url), terminal=TERMINAL)
    status = read_status(terminal.store.conn)
    assert status.problem is not None and status.problem["id"] == "sync.link.gateway"
    assert not status.problem_needs_it and status.waiting == 1


def test_a_rating_is_not_settled_by_a_middlebox(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    from terminal.ratings import record_rating

    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    client = client_for(terminal.key, proxy.url)
    drain(terminal.store, client)
    record_rating(
        terminal.store, case_id, 5, "", channel="counter", terminal=TERMINAL, actor="c1", at=AT
    )
    proxy.then(*[Fault.EMPTY_200] * 5)
    sync_once(terminal.store, client, terminal=TERMINAL)
    row = terminal.store.conn.execute(
        "SELECT state FROM outbox WHERE kind = 'rating.push'"
    ).fetchone()
    assert row[0] == "pending"
    proxy.plan.clear()
    drain(terminal.store, client)
    row = terminal.store.conn.execute(
        "SELECT state, answer_id FROM outbox WHERE kind = 'rating.push'"
    ).fetchone()
    assert row[0] == "sent" and row[1] is not None


def test_a_signed_answer_for_another_key_or_request_proves_nothing() -> None:
    secret = b"s" * 32
    from sync.link import protocol

    body = b'{"case_id":"A","portal_case_no":"SH1","state":"received"}'
    signature = protocol.sign(secret, protocol.answer_to_sign("n1", "A", 201, "1.0", body))
    proof = AnswerProof("k", PATH_CASES, "n1", "A", 201, "1.0", body, signature)
    assert proof.holds(secret)
    for other in (
        AnswerProof("k", PATH_CASES, "n1", "B", 201, "1.0", body, signature),  # another row
        AnswerProof("k", PATH_CASES, "n2", "A", 201, "1.0", body, signature),  # another request
        AnswerProof("k", PATH_CASES, "n1", "A", 200, "1.0", body, signature),  # another status
        AnswerProof("k", PATH_CASES, "n1", "A", 201, "9.0", body, signature),  # another clock
    ):
        assert not other.holds(secret)
    assert not proof.holds(b"t" * 32)
    # Inside a signed batch, an item must name its own row, a portal number and a state.
    good = {"case_id": "A", "portal_case_no": "SH1", "state": "received"}
    item = {"idempotency_key": "A", "status": 201, "receipt": good}
    assert outcome_of("A", item, proof, names_case).__class__.__name__ == "Taken"
    for receipt in (
        {**good, "case_id": "B"},
        {**good, "state": "accepted-ish"},
        {"case_id": "A", "state": "received"},
        {},
    ):
        bad = {**item, "receipt": receipt}
        assert outcome_of("A", bad, proof, names_case).__class__.__name__ == "Unanswered"
    assert outcome_of(
        "A", {**item, "idempotency_key": "B"}, proof, names_case
    ).__class__.__name__ == ("Unanswered")


def test_only_a_signed_portal_409_makes_a_conflict_and_a_released_row_then_taken_settles_it(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    body = terminal.store.conn.execute(
        "SELECT body FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    other = json.loads(body)
    other["clerk"] = "someone-else"
    client = client_for(terminal.key)
    client.push_one(PATH_CASES, case_id, json.dumps(other, ensure_ascii=False))
    summary = drain(terminal.store, client)
    assert summary.refused == 1 and _states(terminal)[case_id] == "conflict"
    (stuck,) = read_status(terminal.store.conn).stuck
    assert stuck.reason and stuck.reason["id"] == "sync.reason.same_id_other_content"
    # The refusal that made the conflict is kept, and is the portal's own signed word.
    answer_id = terminal.store.conn.execute(
        "SELECT answer_id FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    kept = outbox.answer_of(terminal.store.conn, answer_id)
    assert kept is not None and kept.holds(terminal.key.secret)
    (item,) = json.loads(kept.body)["results"]  # a batch's answer: this row's item in it
    assert (item["idempotency_key"], item["status"]) == (case_id, 409)
    # The portal's operators keep the counter's copy under the same number, then IT
    # releases the row: the portal takes it, and the case is synced, not left in a
    # conflict nobody can clear.
    ours = canonical_json(json.loads(body))
    with portal.portal.db.write() as conn:
        conn.execute(
            "UPDATE idempotency SET request_sha256 = ? WHERE key = ?", (body_sha256(ours), case_id)
        )
        conn.execute("UPDATE cases SET body = ? WHERE case_id = ?", (ours.decode(), case_id))
    assert outbox.release(terminal.store, stuck.outbox_id, actor="it", terminal=TERMINAL, at=AT)
    drain(terminal.store, client)
    assert _states(terminal)[case_id] == "synced"
    assert read_status(terminal.store.conn).conflicts == []
    assert [c["case_id"] for c in admin.cases()] == [case_id]


def test_the_store_refuses_a_sent_row_without_the_portals_answer(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    import sqlite3

    record_cases(terminal.store, mini_catalogue, 1)
    with pytest.raises(sqlite3.IntegrityError), terminal.store.write():
        terminal.store.conn.execute("UPDATE outbox SET state = 'sent'")
    assert read_status(terminal.store.conn).waiting == 1


def test_an_enrolment_answer_the_portal_did_not_sign_gives_no_key(
    portal: RunningPortal, proxy: FaultProxy, admin: Admin
) -> None:
    from sync.link.client import PortalClient

    from .helpers import FAST, HALL

    admin.post("/admin/enrol-codes", {"code": "MIDDLE", "terminal_id": TERMINAL, "hall": HALL})
    client = PortalClient(proxy.url, timeouts=FAST, trust_env=False)
    proxy.then(Fault.FOREIGN_200)
    with pytest.raises(LinkDown) as e:
        client.enrol("MIDDLE", TERMINAL, HALL, "req-1")
    assert e.value.msg_id == "sync.link.not_portal"
    # The real answer, signed with the code, is believed.
    assert client.enrol("MIDDLE", TERMINAL, HALL, "req-1")["key_id"]


def test_a_box_that_reads_the_enrolment_learns_neither_the_code_nor_the_secret(
    portal: RunningPortal, proxy: FaultProxy, admin: Admin, tmp_path: Path
) -> None:
    """A TLS-terminating box sees every byte: it must not be able to enrol the terminal
    with a key of its own, nor learn the key the portal gave."""
    from sync.link.client import PortalClient

    from .helpers import FAST, HALL

    code = "MIDDLE-7f3a9c21e4b05d68"
    admin.post("/admin/enrol-codes", {"code": code, "terminal_id": TERMINAL, "hall": HALL})
    proxy.recording = True
    client = PortalClient(proxy.url, timeouts=FAST, trust_env=False)
    answer = client.enrol(code, TERMINAL, HALL, "req-seen")
    ((request, reply),) = [(q, a) for q, a in proxy.exchanges if b"/api/v1/enrol" in q]
    secret = answer["secret"].encode()
    for seen in (request, reply):
        assert code.encode() not in seen and secret not in seen
    # The box answers the next enrolment itself, signing with what it saw: not believed.
    head, _, body = reply.partition(b"\r\n\r\n")
    forged = json.loads(body) | {"key_id": "k_box", "salt": "box-salt"}
    forged_body = json.dumps(forged).encode()
    lines = [h for h in head.split(b"\r\n") if not h.lower().startswith(b"content-length")]
    box_answer = b"\r\n".join([*lines, b"Content-Length: %d" % len(forged_body)])
    from . import faultproxy

    faultproxy.LIES[Fault.FOREIGN_200] = box_answer + b"\r\n\r\n" + forged_body
    try:
        admin.post(
            "/admin/enrol-codes", {"code": code + "-2", "terminal_id": TERMINAL, "hall": HALL}
        )
        proxy.then(Fault.FOREIGN_200)
        with pytest.raises(LinkDown) as e:
            client.enrol(code + "-2", TERMINAL, HALL, "req-2")
        assert e.value.msg_id == "sync.link.not_portal"
    finally:
        faultproxy.LIES[Fault.FOREIGN_200] = faultproxy._answer(
            200, "OK", "application/json", '{"code":503,"msg":"系统繁忙"}'.encode()
        )
