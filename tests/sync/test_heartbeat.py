"""The heartbeat: signed, through the outbox, one latest record per terminal at the portal."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.engine import sync_once
from sync.heartbeat import facts
from sync.heartbeat import send as heartbeat
from sync.heartbeat.facts import Source
from sync.link import protocol
from sync.portal import RunningPortal
from sync.report import status_lines
from sync.state import read_status
from terminal import __version__
from terminal.catalogue import Catalogue
from terminal.config import Config
from terminal.heartbeat import OUTBOX_HEARTBEAT
from terminal.i18n import tr

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import AT, HALL, TERMINAL, client_for, invented_id, record_cases

EVERY = timedelta(minutes=16)  # a little more than the default 15


@pytest.fixture
def source(terminal: Terminal) -> Source:
    config = Config(terminal_id=TERMINAL, hall=HALL, window=7, printer="folder")
    return Source(config, terminal.data_dir, terminal.data_dir / "config.toml")


def fleet(url: str) -> list[dict[str, Any]]:
    http = requests.Session()
    http.trust_env = False
    answer = http.get(url + "/admin/fleet", timeout=10)
    assert answer.status_code == 200
    terminals: list[dict[str, Any]] = answer.json()["terminals"]
    return terminals


def heartbeat_rows(terminal: Terminal) -> list[tuple[str, str]]:
    rows = terminal.store.conn.execute(
        "SELECT state, idempotency_key FROM outbox WHERE kind = ? ORDER BY id", (OUTBOX_HEARTBEAT,)
    )
    return [(r[0], r[1]) for r in rows]


def test_a_terminal_s_heartbeat_tells_it_what_it_runs_and_has(
    terminal: Terminal, portal: RunningPortal, source: Source, mini_catalogue: Catalogue
) -> None:
    record_cases(terminal.store, mini_catalogue, 2)
    summary = sync_once(
        terminal.store,
        client_for(terminal.key),
        terminal=TERMINAL,
        now=lambda: AT,
        heartbeat_from=source,
    )
    assert summary.online and summary.pushed == 2
    [kept] = fleet(portal.url)
    beat = kept["heartbeat"]
    assert (kept["terminal_id"], kept["hall"], beat["window"]) == (TERMINAL, HALL, 7)
    assert beat["build"] == __version__ and beat["package"] is None  # a checkout: not packaged
    assert beat["os"]["name"] and beat["os"]["glibc"]
    # Sent after the cases: it says what is left, and that is nothing.
    assert beat["unsent"] == 0 and beat["stuck"] == 0
    # The devices as the doctor sees them: the folder printer is there and fine.
    assert {"check": "printer", "status": "ok"}.items() <= next(
        d for d in beat["devices"] if d["check"] == "printer"
    ).items()
    # Nothing about the citizens served: no ID number, phone or address of theirs.
    said = json.dumps(kept, ensure_ascii=False)
    assert invented_id(0) not in said and invented_id(1) not in said
    assert "13800000000" not in said and "测试路" not in said
    # Settled on the portal's signed answer, kept like every other.
    [(row_state, key)] = heartbeat_rows(terminal)
    assert row_state == "sent"
    answer = terminal.store.conn.execute(
        "SELECT a.idempotency_key FROM outbox o JOIN portal_answers a ON a.id = o.answer_id"
        " WHERE o.kind = ?",
        (OUTBOX_HEARTBEAT,),
    ).fetchone()
    assert answer[0] == key
    # Not due again before its interval; then a second one replaces the record.
    sync_once(
        terminal.store,
        client_for(terminal.key),
        terminal=TERMINAL,
        now=lambda: AT + timedelta(minutes=5),
        heartbeat_from=source,
    )
    assert heartbeat_rows(terminal) == [("sent", key)]
    sync_once(
        terminal.store,
        client_for(terminal.key),
        terminal=TERMINAL,
        now=lambda: AT + EVERY,
        heartbeat_from=source,
    )
    [kept] = fleet(portal.url)
    assert kept["heartbeat"]["seq"] == 2
    status = read_status(terminal.store.conn)
    assert tr("sync.status.heartbeat_ok", seq=2, at=(AT + EVERY).isoformat()) in status_lines(
        status
    )
    # The outbox keeps the last sent heartbeat only, not one per quarter hour.
    assert [s for s, _ in heartbeat_rows(terminal)] == ["sent"]


def test_offline_heartbeats_collapse_to_one_that_goes_with_the_latest_facts(
    terminal: Terminal,
    portal: RunningPortal,
    proxy: FaultProxy,
    source: Source,
    mini_catalogue: Catalogue,
) -> None:
    client = client_for(terminal.key, proxy.url)
    proxy.refuse()
    for i in range(12):  # three hours offline, cases taken all along
        record_cases(terminal.store, mini_catalogue, 1, start=i)
        summary = sync_once(
            terminal.store,
            client,
            terminal=TERMINAL,
            now=lambda i=i: AT + i * EVERY,
            heartbeat_from=source,
        )
        assert not summary.online
    assert [s for s, _ in heartbeat_rows(terminal)] == ["pending"]
    status = read_status(terminal.store.conn)
    # The clerk's count is of cases: the heartbeat waiting is nobody's case.
    assert status.waiting == 12 and status.stuck == []
    assert fleet(portal.url) == []
    proxy.accept()
    summary = sync_once(
        terminal.store,
        client,
        terminal=TERMINAL,
        now=lambda: AT + 12 * EVERY,
        heartbeat_from=source,
    )
    assert summary.online and summary.pushed == 12
    [kept] = fleet(portal.url)
    # One heartbeat, made when it went: after the cases, so nothing is left unsent.
    assert kept["heartbeat"]["seq"] == 1
    assert kept["heartbeat"]["unsent"] == 0
    assert kept["heartbeat"]["made_at"].startswith((AT + 12 * EVERY).isoformat()[:16])


def _beat(terminal: Terminal, source: Source, client: Any, at: datetime) -> bool | None:
    heartbeat.owe(terminal.store, source, at)
    return heartbeat.send(terminal.store, client, source, at)


def test_drops_duplicates_and_late_requests_leave_one_latest_record(
    terminal: Terminal, portal: RunningPortal, proxy: FaultProxy, source: Source
) -> None:
    shift = [0.0]
    client = client_for(terminal.key, proxy.url, wall=lambda: time.time() + shift[0])
    at = AT
    # The answer lost after the portal took it (twice: the client retries a reset at once):
    # sent again later under the same key, with fresh facts.
    proxy.then(Fault.RESET_AFTER_COMMIT, Fault.RESET_AFTER_COMMIT)
    assert _beat(terminal, source, client, at) is False
    assert len(fleet(portal.url)) == 1
    at += timedelta(minutes=6)  # past the retry pause
    assert _beat(terminal, source, client, at) is True
    # Sent twice by the network: the repeat is refused (its nonce is spent), nothing changes.
    at += EVERY
    proxy.then(Fault.DUPLICATE)
    assert _beat(terminal, source, client, at) is True
    assert b" 401 " in proxy.duplicate_answers[-1].split(b"\r\n")[0]
    # Held in the network (and retried at once by the client: also held), then a later
    # heartbeat goes through, then the held ones arrive: older, they change nothing.
    at += EVERY
    proxy.then(Fault.HOLD, Fault.HOLD)
    assert _beat(terminal, source, client, at) is False
    assert len(proxy.held) >= 1
    shift[0] = 60.0  # a minute later by the portal's clock
    at += timedelta(minutes=6)
    assert _beat(terminal, source, client, at) is True
    seq = terminal.store.conn.execute(
        "SELECT value FROM sync_state WHERE key = 'heartbeat'"
    ).fetchone()[0]
    latest = fleet(portal.url)
    answers = proxy.deliver_held()
    assert answers and all(b'"kept": false' in a for a in answers)
    assert fleet(portal.url) == latest
    [kept] = latest
    assert f'"seq": {kept["heartbeat"]["seq"]}' in seq
    assert kept["heartbeat"]["made_at"] == at.isoformat()


def test_random_faults_still_end_with_exactly_one_record(
    terminal: Terminal, portal: RunningPortal, proxy: FaultProxy, source: Source
) -> None:
    client = client_for(terminal.key, proxy.url)
    kinds = [
        Fault.RESET_BEFORE,
        Fault.RESET_AFTER_COMMIT,
        Fault.DUPLICATE,
        Fault.HOLD,
        Fault.ERROR_503,
        Fault.GARBLE,
        Fault.REPLAY_OLD,
        Fault.LIE_AFTER_COMMIT,
    ]
    proxy.at_random(kinds, 0.6, seed=18)
    at = AT
    for _ in range(30):
        _beat(terminal, source, client, at)
        at += EVERY
    proxy.at_random([], 0.0, seed=0)
    time.sleep(1.0)  # the last one is signed a second after every held one
    assert _beat(terminal, source, client, at) is True
    assert proxy.held  # requests the network held back arrive now, after the last one
    proxy.deliver_held()
    [kept] = fleet(portal.url)
    assert kept["heartbeat"]["made_at"] == at.isoformat()
    assert [s for s, _ in heartbeat_rows(terminal)] == ["sent"]


def test_an_unsigned_or_tampered_heartbeat_is_refused(
    terminal: Terminal, portal: RunningPortal, proxy: FaultProxy, source: Source
) -> None:
    proxy.recording = True
    assert _beat(terminal, source, client_for(terminal.key, proxy.url), AT) is True
    before = fleet(portal.url)
    request, _ = next(x for x in proxy.exchanges if protocol.PATH_HEARTBEAT.encode() in x[0][:80])
    head, _, body = request.partition(b"\r\n\r\n")
    raw = requests.Session()
    raw.trust_env = False
    url = portal.url + protocol.PATH_HEARTBEAT
    headers = {"Content-Type": "application/json", "Idempotency-Key": "k"}
    assert raw.post(url, data=body, headers=headers, timeout=5).status_code == 401
    signed = dict(
        line.decode().split(": ", 1) for line in head.split(b"\r\n")[1:] if b"Tongban-" in line
    )
    key = next(line for line in head.split(b"\r\n") if line.startswith(b"Idempotency-Key"))
    signed["Idempotency-Key"] = key.decode().split(": ", 1)[1]
    tampered = body.replace(b'"unsent":0', b'"unsent":9')
    assert tampered != body
    answer = raw.post(url, data=tampered, headers={**headers, **signed}, timeout=5)
    assert answer.status_code == 401
    # The very request again, untouched: its nonce is spent.
    assert raw.post(url, data=body, headers={**headers, **signed}, timeout=5).status_code == 401
    assert fleet(portal.url) == before


def test_a_portal_without_heartbeats_costs_the_cases_nothing(
    terminal: Terminal,
    portal: RunningPortal,
    source: Source,
    mini_catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(protocol, "PATH_HEARTBEAT", protocol.API + "/no-such-thing")
    ids = record_cases(terminal.store, mini_catalogue, 3)
    client = client_for(terminal.key)
    for i in range(8):
        summary = sync_once(
            terminal.store,
            client,
            terminal=TERMINAL,
            now=lambda i=i: AT + i * EVERY,
            heartbeat_from=source,
        )
        assert summary.online
    status = read_status(terminal.store.conn)
    assert summary.pushed == 0 and status.waiting == 0 and status.stuck == []
    assert len(ids) == 3 and status.problem is None
    # `tongban sync status` says why, and that the cases are not affected.
    assert any("心跳未送达" in line for line in status_lines(status))
    # It tried, and waits: one row, still pending, for a portal that may learn heartbeats.
    assert [s for s, _ in heartbeat_rows(terminal)] == ["pending"]


def test_a_heartbeat_the_portal_refuses_is_settled_and_said(
    terminal: Terminal, portal: RunningPortal, source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = facts.gather
    monkeypatch.setattr(facts, "gather", lambda conn, src: {**real(conn, src), "unsent": -1})
    assert _beat(terminal, source, client_for(terminal.key), AT) is True
    # The portal's signed 422 ends the row (it would be refused again), and says why.
    assert [s for s, _ in heartbeat_rows(terminal)] == ["sent"]
    lines = status_lines(read_status(terminal.store.conn))
    assert any("心跳未送达：平台拒收（422）" in line for line in lines)
    assert fleet(portal.url) == []
    monkeypatch.setattr(facts, "gather", real)
    assert _beat(terminal, source, client_for(terminal.key), AT + timedelta(minutes=5)) is None
    assert _beat(terminal, source, client_for(terminal.key), AT + EVERY) is True
    assert len(fleet(portal.url)) == 1
    assert any("心跳：第 2 次" in line for line in status_lines(read_status(terminal.store.conn)))


def test_a_heartbeat_that_breaks_costs_the_cases_nothing(
    terminal: Terminal,
    portal: RunningPortal,
    source: Source,
    mini_catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> dict[str, object]:
        raise RuntimeError("a doctor check with a bug")

    monkeypatch.setattr(facts, "gather", broken)
    record_cases(terminal.store, mini_catalogue, 2)
    summary = sync_once(
        terminal.store,
        client_for(terminal.key),
        terminal=TERMINAL,
        now=lambda: AT,
        heartbeat_from=source,
    )
    assert summary.online and summary.pushed == 2 and summary.status.problem is None
    assert [s for s, _ in heartbeat_rows(terminal)] == ["pending"]


def test_heartbeats_can_be_turned_off(
    terminal: Terminal, portal: RunningPortal, tmp_path: Path
) -> None:
    off = Source(Config(heartbeat_minutes=0), terminal.data_dir, tmp_path / "c.toml")
    sync_once(
        terminal.store,
        client_for(terminal.key),
        terminal=TERMINAL,
        now=lambda: AT,
        heartbeat_from=off,
    )
    assert heartbeat_rows(terminal) == [] and fleet(portal.url) == []


def test_the_package_version_is_dpkg_s_for_the_running_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked of dpkg by the program's own file, so whatever the package is called; a
    checkout, or a bundle dpkg does not know, is "not packaged" (None)."""
    fake = tmp_path / "bin" / "dpkg-query"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        '  --search) [ "$2" = /opt/tongban/tongban ] && echo "tongban-terminal: $2" && exit 0;'
        " echo 'no path found' >&2; exit 1;;\n"
        '  --show) [ "$3" = tongban-terminal ] && printf 0.2.0-1~pilot && exit 0; exit 1;;\n'
        "esac\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    facts.package_version.cache_clear()
    assert facts.package_version() is None  # a checkout: never dpkg's to say
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/tongban/tongban")
    monkeypatch.setattr(os.path, "realpath", lambda p: p)
    facts.package_version.cache_clear()
    assert facts.package_version() == "0.2.0-1~pilot"
    monkeypatch.setattr(sys, "executable", "/home/it/tongban/tongban")  # copied by hand
    facts.package_version.cache_clear()
    assert facts.package_version() is None
    facts.package_version.cache_clear()


def test_a_hall_display_s_watcher_sends_its_heartbeat(
    terminal: Terminal, portal: RunningPortal
) -> None:
    """A display runs no sync worker: the queue watcher it runs sends the heartbeat."""
    from sync.hall.watch import QueueWatcher

    config = Config(terminal_id=TERMINAL, hall=HALL, mode="display")
    watcher = QueueWatcher(
        terminal.data_dir / "tongban.db",
        lambda: client_for(terminal.key),
        terminal=TERMINAL,
        listener=lambda event: None,
        wait_seconds=1,
        heartbeat_from=Source(config, terminal.data_dir, terminal.data_dir / "config.toml"),
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 15
        while not fleet(portal.url) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        assert watcher.stop(timeout=5)
    [kept] = fleet(portal.url)
    assert kept["heartbeat"]["mode"] == "display"
