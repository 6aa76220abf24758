"""Enrolment codes: one terminal, one hall, an expiry; idempotent across runs; guessing throttled."""

from __future__ import annotations

import json
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.errors import EnrolRefused, LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from sync.link.enrol import PENDING_FILENAME, enrol
from sync.link.keys import key_path, load_key
from sync.portal import Portal, RunningPortal, make_server
from sync.portal.throttle import ENROL_OVERALL, ENROL_PER_SOURCE
from terminal.store import open_store

from .faultproxy import Fault, FaultProxy
from .helpers import AT, CODE, FAST, HALL, TERMINAL, Admin


class Clock:
    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clocked(tmp_path: Path) -> Iterator[tuple[RunningPortal, Clock]]:
    clock = Clock()
    running = RunningPortal(make_server(Portal(tmp_path / "c.db", clock=clock), "127.0.0.1", 0))
    yield running, clock
    running.stop()


def _enrol_body(code: str, terminal: str, hall: str, key: str) -> dict[str, str]:
    """What a terminal sends: proof of holding the code's key, never the code."""
    proof = protocol.enrol_proof(protocol.enrol_key(code, terminal, hall), key)
    return {"terminal_id": terminal, "hall": hall, "proof": proof}


def _ask(url: str, code: str, terminal: str, hall: str, key: str | None = None) -> Any:
    client = PortalClient(url, timeouts=FAST, trust_env=False)
    key = key or str(uuid.uuid4())
    body = protocol.canonical_json(_enrol_body(code, terminal, hall, key))
    return client.send("POST", protocol.PATH_ENROL, body, idempotency_key=key, signed=False)


def test_a_code_enrols_only_its_terminal_and_hall_until_it_expires(
    clocked: tuple[RunningPortal, Clock],
) -> None:
    running, clock = clocked
    running.portal.admit_enrol_code("C-1", TERMINAL, HALL, valid_hours=1)
    other_terminal = _ask(running.url, "C-1", "XH-W99", HALL)
    other_hall = _ask(running.url, "C-1", TERMINAL, "静安区行政服务中心")
    unknown = _ask(running.url, "C-2", TERMINAL, HALL)
    clock.now += 2 * 3600
    expired = _ask(running.url, "C-1", TERMINAL, HALL)
    # One answer for every reason: a guesser cannot tell a good code used wrongly.
    answers = [(r.status, r.data) for r in (other_terminal, other_hall, unknown, expired)]
    assert len(set(answers)) == 1 and answers[0][0] == 403
    assert other_terminal.problem_name == "enrol-code-refused"
    # In time, for its own terminal and hall: taken once; a second request finds it spent.
    running.portal.admit_enrol_code("C-3", TERMINAL, HALL, valid_hours=1)
    key = str(uuid.uuid4())
    first = _ask(running.url, "C-3", TERMINAL, HALL, key)
    assert first.status == 201
    assert _ask(running.url, "C-3", TERMINAL, HALL, key).data == first.data  # the same, replayed
    assert (_ask(running.url, "C-3", TERMINAL, HALL).status, first.status) == (403, 201)


def test_admin_issues_a_bound_code_with_an_expiry(portal: RunningPortal, admin: Admin) -> None:
    answer = admin.post(
        "/admin/enrol-codes",
        {"code": "A-1", "terminal_id": "XH-W07", "hall": HALL, "valid_hours": 2},
    )
    assert answer["terminal_id"] == "XH-W07" and answer["hall"] == HALL
    assert answer["expires_at"].endswith("+08:00")
    r = admin.http.post(portal.url + "/admin/enrol-codes", json={"code": "A-2"}, timeout=5)
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"terminal_id", "hall"}
    assert _ask(portal.url, "A-1", TERMINAL, HALL).status == 403  # not this terminal's code


def test_an_old_portal_file_gains_the_columns_and_refuses_its_unbound_codes(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "old.db")
    old.execute(
        "CREATE TABLE enrol_codes (code_sha256 TEXT PRIMARY KEY, created_at REAL NOT NULL,"
        " used_by TEXT, used_at REAL)"
    )
    from sync.portal.auth import code_digest

    old.execute("INSERT INTO enrol_codes VALUES (?, 0, NULL, NULL)", (code_digest("OLD"),))
    old.commit()
    old.close()
    running = RunningPortal(make_server(Portal(tmp_path / "old.db"), "127.0.0.1", 0))
    try:
        with running.portal.db.read() as conn:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(enrol_codes)")}
        assert {"terminal_id", "hall", "expires_at"} <= columns
        assert _ask(running.url, "OLD", TERMINAL, HALL).status == 403
    finally:
        running.stop()


def test_a_lost_answer_and_a_new_run_do_not_burn_the_code(
    tmp_path: Path, portal: RunningPortal, proxy: FaultProxy
) -> None:
    data_dir = tmp_path / "t"
    store = open_store(data_dir / "tongban.db", create=True)
    proxy.at_random([Fault.RESET_AFTER_COMMIT], 1.0, seed=1)  # every answer lost
    args: dict[str, Any] = dict(
        portal_url=proxy.url, code=CODE, terminal_id=TERMINAL, hall=HALL, at=AT, timeouts=FAST
    )
    with pytest.raises(LinkDown):
        enrol(data_dir, store, **args)
    # The portal spent the code on this request; the terminal kept the request's key.
    pending = data_dir / PENDING_FILENAME
    assert stat.S_IMODE(pending.stat().st_mode) == 0o600
    assert CODE not in pending.read_text()  # the credential itself is not written down
    assert not key_path(data_dir).exists()
    with portal.portal.db.read() as conn:
        issued = [r[0] for r in conn.execute("SELECT key_id FROM terminals")]
    assert len(issued) == 1
    # The next run (the answers get through now) gets the same key, not a spent code.
    proxy.at_random([], 0.0, seed=1)
    key = enrol(data_dir, store, **args)
    assert key.key_id == issued[0] and load_key(data_dir).key_id == issued[0]
    assert not pending.exists()
    store.close()


def test_guessing_codes_from_one_address_is_paused(portal: RunningPortal) -> None:
    for i in range(ENROL_PER_SOURCE.limit):
        assert _ask(portal.url, f"GUESS-{i}", TERMINAL, HALL).status == 403
    paused = _ask(portal.url, CODE, TERMINAL, HALL)  # the right code, too late
    assert paused.status == 429 and paused.problem_name == "too-many-requests"
    assert 0 < int(paused.headers["Retry-After"]) <= ENROL_PER_SOURCE.window
    with pytest.raises(EnrolRefused) as e:
        PortalClient(portal.url, timeouts=FAST, trust_env=False).enrol(
            CODE, TERMINAL, HALL, str(uuid.uuid4())
        )
    assert e.value.msg_id == "enrol.throttled"


def test_guessing_from_many_addresses_is_paused_for_everyone(tmp_path: Path) -> None:
    # Behind a TLS proxy the portal counts the address the proxy forwards.
    running = RunningPortal(
        make_server(Portal(tmp_path / "p.db"), "127.0.0.1", 0, trusted_proxy="127.0.0.1")
    )
    running.portal.admit_enrol_code(CODE, TERMINAL, HALL)
    http = requests.Session()
    http.trust_env = False

    def ask(code: str, source: str) -> requests.Response:
        key = str(uuid.uuid4())
        body = _enrol_body(code, TERMINAL, HALL, key)
        headers = {"Idempotency-Key": key, "X-Forwarded-For": source}
        return http.post(running.url + protocol.PATH_ENROL, json=body, headers=headers, timeout=5)

    try:
        for i in range(ENROL_OVERALL.limit):
            assert ask(f"GUESS-{i}", f"10.0.{i // 200}.{i % 200 + 1}").status_code == 403
        paused = ask(CODE, "10.9.9.9")  # a new address, the right code: paused all the same
        assert paused.status_code == 429 and int(paused.headers["Retry-After"]) > 0
        assert json.loads(paused.content)["retry_after"] == int(paused.headers["Retry-After"])
    finally:
        running.stop()
