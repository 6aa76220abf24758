"""Files holding personal data or secrets are their owner's alone; doctor says when not."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from terminal import logs

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    assert run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(d), stdin=AS_ADMIN)[0] == 0
    return d


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_check(capsys: pytest.CaptureFixture[str], data_dir: Path) -> dict[str, str]:
    _, out, _ = run(capsys, "doctor", "--json", "--data-dir", str(data_dir), "--lang", "en")
    found: dict[str, str] = next(c for c in json.loads(out)["checks"] if c["id"] == "modes")
    return found


def test_doctor_flags_a_store_others_can_read(
    data: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert modes_check(capsys, data)["status"] == "ok"
    (data / "tongban.db").chmod(0o644)
    check = modes_check(capsys, data)
    assert check["status"] == "failure" and str(data / "tongban.db") in check["summary"]
    assert f"chmod 600 {data / 'tongban.db'}" in check["fix"]
    assert "chmod 700" not in check["fix"]  # no folder is loose: no "chmod 700 -" placeholder


def test_printed_documents_are_private_and_doctor_checks_their_folder(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from devices.printers.folder import FolderPrinter

    prints = data / "prints"
    FolderPrinter(prints).submit("job-1", b"%PDF-1.4 a receipt naming a citizen")
    assert mode(prints) == 0o700 and mode(prints / "job-1.pdf") == 0o600
    assert modes_check(capsys, data)["status"] == "ok"
    prints.chmod(0o755)  # as an older version made it
    check = modes_check(capsys, data)
    assert check["status"] == "failure" and str(prints) in check["summary"]
    assert check["fix"].endswith(f"chmod 700 {prints}") and "chmod 600" not in check["fix"]


def test_the_bundle_the_logs_and_the_config_are_private(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "out" / "bundle.zip"
    assert run(capsys, "doctor", "--bundle", str(archive), "--data-dir", str(data))[0] in (0, 1)
    assert mode(archive) == 0o600 and mode(archive.parent) == 0o700
    assert mode(logs.log_dir() / "tongban.log") == 0o600
    assert mode(data / "config.toml") == 0o600 and mode(data) == 0o700


def test_the_reference_portal_keeps_its_secrets_private(tmp_path: Path) -> None:
    from sync.portal.db import PortalDB

    db = PortalDB(tmp_path / "portal" / "portal.db")
    try:
        assert mode(tmp_path / "portal" / "portal.db") == 0o600
        assert mode(tmp_path / "portal") == 0o700
    finally:
        db.close()
