"""Enrolment and signed requests: one-time codes, a private key file, stale and replayed requests."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
import requests

from sync.errors import EnrolRefused, LinkDown, SyncError
from sync.link import protocol
from sync.link.answers import Refused, Taken
from sync.link.client import PortalClient
from sync.link.enrol import check_portal_url, enrol
from sync.link.keys import key_path, load_key
from sync.portal import RunningPortal
from terminal.store import open_store

from .conftest import Terminal
from .helpers import AT, CODE, FAST, HALL, TERMINAL, Admin, client_for


def test_the_key_file_is_private_and_a_readable_one_is_refused(terminal: Terminal) -> None:
    path = key_path(terminal.data_dir)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_key(terminal.data_dir) == terminal.key
    os.chmod(path, 0o644)
    with pytest.raises(SyncError) as e:
        load_key(terminal.data_dir)
    assert e.value.msg_id == "sync.key_too_open"


def test_a_code_enrols_one_terminal_and_a_lost_answer_costs_nothing(
    portal: RunningPortal, tmp_path: Path
) -> None:
    client = PortalClient(portal.url, timeouts=FAST, trust_env=False)
    request_key = str(uuid.uuid4())
    first = client.enrol(CODE, TERMINAL, HALL, request_key)
    # The answer was lost on the way: the same request key gets the same key back.
    assert client.enrol(CODE, TERMINAL, HALL, request_key) == first
    with pytest.raises(EnrolRefused) as e:
        client.enrol(CODE, TERMINAL, HALL, str(uuid.uuid4()))
    assert e.value.msg_id == "enrol.code_refused"
    with pytest.raises(EnrolRefused):
        client.enrol("WRONG", TERMINAL, HALL, str(uuid.uuid4()))


def test_enrolling_twice_needs_again_and_retires_the_old_key(
    terminal: Terminal, portal: RunningPortal, admin: Admin
) -> None:
    store = terminal.store
    with pytest.raises(SyncError) as e:
        enrol(
            terminal.data_dir,
            store,
            portal_url=portal.url,
            code="NEW",
            terminal_id=TERMINAL,
            hall=HALL,
            at=AT,
            timeouts=FAST,
        )
    assert e.value.msg_id == "enrol.already"
    admin.post("/admin/enrol-codes", {"code": "NEW", "terminal_id": TERMINAL, "hall": HALL})
    new = enrol(
        terminal.data_dir,
        store,
        portal_url=portal.url,
        code="NEW",
        terminal_id=TERMINAL,
        hall=HALL,
        at=AT,
        again=True,
        timeouts=FAST,
    )
    assert new.key_id != terminal.key.key_id
    with pytest.raises(LinkDown) as refused:
        client_for(terminal.key).changes(0, 10)
    assert refused.value.needs_it and refused.value.params["problem"] == "terminal-revoked"
    assert client_for(new).changes(0, 10)["changes"] == []


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://portal.example.gov.cn", True),
        ("http://127.0.0.1:8700", True),
        ("http://localhost:8700", True),
        ("http://portal.example.gov.cn", False),
        ("http://10.1.2.3:8700", False),
        ("ftp://127.0.0.1", False),
    ],
)
def test_citizens_data_never_travels_in_clear(url: str, ok: bool) -> None:
    if ok:
        check_portal_url(url)
    else:
        with pytest.raises(SyncError):
            check_portal_url(url)


def _raw(terminal: Terminal, portal: RunningPortal, **override: str) -> requests.Response:
    path = f"{protocol.PATH_CHANGES}?after=0&limit=5"
    ts = int(time.time())
    nonce = override.pop("nonce", uuid.uuid4().hex)
    stamp = int(override.pop("timestamp", str(ts)))
    message = protocol.string_to_sign("GET", path, stamp, nonce, b"")
    headers = {
        protocol.H_KEY_ID: terminal.key.key_id,
        protocol.H_TIMESTAMP: str(stamp),
        protocol.H_NONCE: nonce,
        protocol.H_SIGNATURE: protocol.sign(terminal.key.secret, message),
        **override,
    }
    return requests.get(portal.url + path, headers=headers, timeout=5)


def _problem(r: requests.Response) -> str:
    assert r.headers["Content-Type"] == protocol.PROBLEM_JSON
    return protocol.problem_name(r.json()["type"])


def test_the_portal_refuses_what_a_signature_does_not_vouch_for(
    terminal: Terminal, portal: RunningPortal
) -> None:
    assert _raw(terminal, portal).status_code == 200
    nonce = uuid.uuid4().hex
    assert _raw(terminal, portal, nonce=nonce).status_code == 200
    replay = _raw(terminal, portal, nonce=nonce)
    assert (replay.status_code, _problem(replay)) == (401, "nonce-reused")
    stale = _raw(terminal, portal, timestamp=str(int(time.time()) - 3600))
    assert (stale.status_code, _problem(stale)) == (401, "stale-timestamp")
    assert abs(stale.json()["portal_time"] - time.time()) < 60
    # The portal signs its answers to the terminal that proved its key, refusals included...
    for authentic in (replay, stale):
        assert authentic.headers.get(protocol.H_ANSWER_SIGNATURE)
    # ...and says the same unsigned sentence to anyone who did not: a guesser cannot tell a
    # wrong signature from a key the portal never issued.
    forged = _raw(terminal, portal, **{protocol.H_SIGNATURE: "0" * 64})
    unknown = _raw(terminal, portal, **{protocol.H_KEY_ID: "k_nobody"})
    bare = requests.get(portal.url + protocol.PATH_CHANGES, timeout=5)
    for refused in (forged, unknown, bare):
        assert (refused.status_code, _problem(refused)) == (401, "unauthenticated")
        assert protocol.H_ANSWER_SIGNATURE not in refused.headers
    assert forged.json()["title"] == unknown.json()["title"]


def test_a_signature_covers_the_body(terminal: Terminal, portal: RunningPortal) -> None:
    client = client_for(terminal.key)
    body = protocol.canonical_json({"id_number": "X", "material": "CL-SFZ"})
    prepared = client.session.prepare_request(
        requests.Request(
            "POST",
            portal.url + protocol.PATH_ECERTS,
            data=body,
            headers={"Content-Type": "application/json"},
        )
    )
    client._sign(prepared, body, "", uuid.uuid4().hex)
    prepared.body = protocol.canonical_json({"id_number": "Y", "material": "CL-SFZ"})
    r = client.session.send(prepared, timeout=5)
    assert (r.status_code, _problem(r)) == (401, "unauthenticated")


def test_store_without_enrolment_reports_setup(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db", create=True)
    from sync.state import read_status

    assert read_status(store.conn).enrolled is False
    with pytest.raises(SyncError) as e:
        load_key(tmp_path)
    assert e.value.msg_id == "sync.not_enrolled"


def test_one_hall_cannot_replay_anothers_keys(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: object
) -> None:
    from terminal.catalogue import Catalogue

    from .helpers import drain, record_cases

    assert isinstance(mini_catalogue, Catalogue)
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client_for(terminal.key))
    body = terminal.store.conn.execute(
        "SELECT body FROM outbox WHERE case_id = ?", (case_id,)
    ).fetchone()[0]
    # Another hall's terminal, enrolled properly, sends the same key and the same body (a
    # copied disk, or a curious operator who saw the case id on a screen).
    admin.post(
        "/admin/enrol-codes", {"code": "OTHER-HALL", "terminal_id": "HP-W09", "hall": "另一大厅"}
    )
    other = PortalClient(portal.url, timeouts=FAST, trust_env=False)
    answer = other.enrol("OTHER-HALL", "HP-W09", "另一大厅", str(uuid.uuid4()))
    from sync.link.keys import TerminalKey

    key = TerminalKey(answer["key_id"], answer["secret"], portal.url, "HP-W09", "-")
    refused = client_for(key).push_one(protocol.PATH_CASES, case_id, body)
    # Told the key is taken, as for another body: not the first answer, not the case number.
    assert isinstance(refused, Refused)
    assert protocol.problem_name(refused.problem["type"]) == "idempotency-conflict"
    assert "SH" not in str(refused.problem)
    # The terminal that sent it first still gets its own answer replayed.
    again = client_for(terminal.key).push_one(protocol.PATH_CASES, case_id, body)
    assert isinstance(again, Taken) and again.replayed
