"""The portal's part of tongban doctor, against the reference portal."""

from __future__ import annotations

from pathlib import Path

from sync import doctor as sync_doctor
from sync.portal.server import RunningPortal
from terminal.doctor import Patient, Status

from .conftest import Terminal


def findings(data_dir: Path) -> dict[str, tuple[Status, str, str]]:
    return {
        c.id: (c.status, c.summary, c.fix)
        for c in sync_doctor.checks(Patient(data_dir, data_dir / "c.toml"))
    }


def test_an_enrolled_terminal_reaches_the_portal_with_its_key(terminal: Terminal) -> None:
    found = findings(terminal.data_dir)
    assert found["portal"][0] is Status.OK and terminal.key.key_id in found["portal"][1]
    assert found["clock"][0] is Status.OK


def test_a_portal_that_is_down_is_a_failure_that_says_cases_are_kept(
    terminal: Terminal, portal: RunningPortal
) -> None:
    portal.stop()
    found = findings(terminal.data_dir)
    status, summary, fix = found["portal"]
    assert terminal.key.portal_url.split("//")[1] in summary
    assert status is Status.FAILURE and "保留" in fix


def test_a_terminal_never_enrolled_is_told_how(tmp_path: Path) -> None:
    status, _, fix = findings(tmp_path)["portal"]
    assert status is Status.WARNING and "tongban enrol" in fix
