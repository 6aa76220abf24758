"""``tongban portal``, ``tongban enrol`` and ``tongban sync`` as IT uses them."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from sync.link.keys import key_path
from sync.portal import RunningPortal
from terminal.catalogue import Catalogue
from terminal.cli import main
from terminal.config import Config
from terminal.store import open_store

from ..conftest import AS_ADMIN, add_first_admin
from ..test_cli import run as run_with_stdin
from .helpers import CODE, record_cases
from .killing import PortalProcess


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d), "--terminal-id", "XH-W01")[0] == 0
    return d


def test_enrol_sync_once_and_status(
    data: Path,
    portal: RunningPortal,
    capsys: pytest.CaptureFixture[str],
    mini_catalogue: Catalogue,
) -> None:
    code, _, err = run(capsys, "sync", "once", "--data-dir", str(data))
    assert code == 3 and "tongban enrol" in err
    code, out, _ = run(capsys, "sync", "status", "--data-dir", str(data), "--json")
    assert code == 3 and json.loads(out)["enrolled"] is False
    # A code is issued for one terminal of one hall: this folder's (the default hall).
    portal.portal.admit_enrol_code(CODE, "XH-W01", Config().hall)
    code, out, _ = run(
        capsys, "enrol", "--portal", portal.url, "--code", CODE, "--data-dir", str(data)
    )
    assert code == 0 and "k_" in out
    assert key_path(data).stat().st_mode & 0o777 == 0o600
    code, _, err = run(
        capsys, "enrol", "--portal", portal.url, "--code", CODE, "--data-dir", str(data)
    )
    assert code == 3 and "--again" in err
    store = open_store(data / "tongban.db")
    record_cases(store, mini_catalogue, 3)
    store.close()
    code, out, _ = run(capsys, "sync", "once", "--json", "--data-dir", str(data))
    summary = json.loads(out)
    assert code == 0 and summary["online"] and summary["pushed"] == 3
    code, out, _ = run(capsys, "sync", "status", "--data-dir", str(data), "--lang", "en")
    assert code == 0
    assert "Online" in out and "0 waiting, 0 stuck" in out
    code, out, _ = run(capsys, "sync", "status", "--json", "--data-dir", str(data))
    status = json.loads(out)
    assert status["online"] and status["waiting"] == 0 and status["last_success"]
    assert status["portal_url"] == portal.url and status["cursor"] >= 3


def test_offline_status_names_the_reason_and_exits_1(
    data: Path,
    portal: RunningPortal,
    capsys: pytest.CaptureFixture[str],
    mini_catalogue: Catalogue,
) -> None:
    portal.portal.admit_enrol_code(CODE, "XH-W01", Config().hall)
    run(capsys, "enrol", "--portal", portal.url, "--code", CODE, "--data-dir", str(data))
    store = open_store(data / "tongban.db")
    record_cases(store, mini_catalogue, 2)
    store.close()
    portal.stop()  # the portal goes down
    code, out, _ = run(capsys, "sync", "once", "--data-dir", str(data), "--lang", "en")
    assert code == 1 and "Offline since" in out and "Cannot reach the portal" in out
    code, out, _ = run(capsys, "sync", "status", "--data-dir", str(data), "--lang", "en")
    assert code == 1 and "2 waiting" in out


def test_release_names_what_it_did(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_first_admin(data)
    argv = ("sync", "release", "7", "--data-dir", str(data), "--lang", "en")
    code, _, err = run(capsys, *argv)  # nobody signed in
    assert code == 1 and "needs a supervisor or an admin to sign in" in err
    code, _, err = run_with_stdin(capsys, *argv, stdin=AS_ADMIN)
    assert code == 1 and "No quarantined outbox row 7" in err


def test_the_portal_command_serves_a_seeded_demo(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portal = PortalProcess(tmp_path, "--seed", "demo")
    try:
        assert (
            run(capsys, "enrol", "--portal", portal.url, "--code", CODE, "--data-dir", str(data))[0]
            == 0
        )
        code, out, _ = run(capsys, "sync", "once", "--json", "--data-dir", str(data))
        summary = json.loads(out)
        assert code == 0 and summary["pulled"] >= 1
        # The seeded catalogue version was fetched, checked and is ready for the next start.
        assert summary["status"]["portal_catalogue"] == "2026.12.2-demo"
        assert summary["status"]["portal_catalogue_state"] == "ready"
        code, out, _ = run(capsys, "catalogue", "list", "--data-dir", str(data))
        assert code == 0 and "2026.12.2-demo" in out
    finally:
        portal.stop()
    assert portal.proc.returncode == 0
