"""A terminal clock a day off, and TLS verified against a CA made for the test."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from sync.engine import sync_once
from sync.errors import LinkDown
from sync.feed.pull import cursor
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.portal import Portal, RunningPortal, make_server
from terminal.catalogue import Catalogue
from terminal.store import open_store

from .conftest import Terminal
from .helpers import (
    AT,
    CODE,
    FAST,
    HALL,
    TERMINAL,
    Admin,
    assert_exactly_once,
    client_for,
    invented_id,
    record_cases,
)

DAY = 86400.0


def _appointment(admin: Admin, i: int) -> None:
    admin.post(
        "/admin/appointments",
        {
            "hall": HALL,
            "intake_code": "T-GA-JZZ",
            "slot_start": "2026-11-27T09:00:00+08:00",
            "slot_end": "2026-11-27T09:30:00+08:00",
            "applicant_name": "测试",
            "id_number": invented_id(i),
            "appointment_id": f"APPT-{i}",
        },
    )


@pytest.mark.parametrize("off_by", [DAY, -DAY], ids=["a_day_ahead", "a_day_behind"])
def test_a_wrong_terminal_clock_neither_stops_sync_nor_skips_changes(
    off_by: float, terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 5)
    for i in range(3):
        _appointment(admin, i)

    def wrong() -> float:
        return time.time() + off_by

    client = client_for(terminal.key, wall=wrong)
    first = sync_once(terminal.store, client, terminal=TERMINAL)
    assert first.online and first.pushed == 5 and first.pulled >= 8
    assert_exactly_once(terminal.store, admin, ids)
    # The skew is measured against the portal and reported.
    assert first.status.clock_skew is not None
    assert abs(first.status.clock_skew + off_by) < 60
    assert first.status.clock_wrong
    # More changes; the clock jumps the other way; the cursor still gets exactly them.
    mark = cursor(terminal.store.conn)
    for i in range(3, 6):
        _appointment(admin, i)

    def other_way() -> float:
        return time.time() - off_by

    later = sync_once(terminal.store, client_for(terminal.key, wall=other_way), terminal=TERMINAL)
    assert later.online and later.pulled == 3 and later.cursor > mark
    appointments = terminal.store.conn.execute("SELECT count(*) FROM appointments").fetchone()[0]
    assert appointments == 6


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1, made here and now."""
    d = tmp_path / "pki"
    d.mkdir()
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl(
        "req",
        "-x509",
        *ec,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Tongban Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        cwd=d,
    )
    _openssl("req", *ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=127.0.0.1", cwd=d)
    (d / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    _openssl(
        "x509",
        "-req",
        "-in",
        "srv.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "srv.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
        cwd=d,
    )
    return d / "ca.pem", d / "srv.pem", d / "srv.key"


def test_tls_is_verified_against_the_ca_given_at_enrolment(
    tmp_path: Path, tls_files: tuple[Path, Path, Path], mini_catalogue: Catalogue
) -> None:
    ca, cert, key_file = tls_files
    portal = Portal(tmp_path / "tls-portal.db")
    portal.admit_enrol_code(CODE, TERMINAL, HALL)
    running = RunningPortal(make_server(portal, "127.0.0.1", 0, tls_cert=cert, tls_key=key_file))
    try:
        assert running.url.startswith("https://")
        store = open_store(tmp_path / "t" / "tongban.db", create=True)
        # Without the hall's CA the portal is not trusted: nothing is sent, IT is told.
        with pytest.raises(LinkDown) as e:
            PortalClient(running.url, timeouts=FAST, trust_env=False).portal_time()
        assert e.value.msg_id == "sync.link.tls" and e.value.needs_it
        key = enrol(
            tmp_path / "t",
            store,
            portal_url=running.url,
            code=CODE,
            terminal_id=TERMINAL,
            hall=HALL,
            at=AT,
            ca_bundle=ca,
            timeouts=FAST,
        )
        assert key.ca_bundle == str(ca.resolve())
        ids = record_cases(store, mini_catalogue, 3)
        summary = sync_once(store, client_for(key), terminal=TERMINAL)
        assert summary.online and summary.pushed == 3
        assert sorted(c["case_id"] for c in cases_over_tls(running.url, ca)) == sorted(ids)
        store.close()
    finally:
        running.stop()


def cases_over_tls(url: str, ca: Path) -> list[dict[str, str]]:
    import requests

    r = requests.get(url + "/admin/cases", verify=str(ca), timeout=5)
    cases: list[dict[str, str]] = r.json()["cases"]
    return cases
