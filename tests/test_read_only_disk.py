"""A failing disk that Linux remounted read-only is said to be one (not "permission denied,
chmod"), and the commands that get the data off it still run: list, verify, status, backup to
another disk. The disk is a real read-only mount: a tmpfs remounted ro (root can do it)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal import backup

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run


@pytest.fixture
def failing_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    """A data folder with five cases, on a disk that then goes read-only."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=20m,mode=0700", "tongban-ro-test", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        data = where / "data"
        assert run(capsys, "init", "--data-dir", str(data))[0] == 0
        add_first_admin(data)
        imported = run(
            capsys, "case", "import", str(EXAMPLE), "--data-dir", str(data), stdin=AS_ADMIN
        )
        assert imported[0] == 0
        remounted = subprocess.run(
            ["mount", "-o", "remount,ro", str(where)], capture_output=True, text=True
        )
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {remounted.stderr.strip()}")
        yield data
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_the_data_can_still_be_read_and_copied_off(
    failing_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ("--data-dir", str(failing_disk), "--lang", "en")
    code, out, err = run(capsys, "case", "list", *d)
    assert code == 0 and out.count("XH-W01-") == 5, err
    code, out, err = run(capsys, "journal", "verify", *d)
    assert code == 0 and "intact" in out, err
    code, out, err = run(capsys, "clerk", "list", *d)
    assert code == 0 and "zhang.admin" in out, err
    # Not enrolled: sync status exits 3 for that, and says so, with nothing about the disk.
    code, out, err = run(capsys, "sync", "status", "--json", *d)
    assert json.loads(out)["waiting"] == 5 and err == ""
    rescue = tmp_path / "elsewhere" / "rescue.db"  # another disk
    code, out, err = run(capsys, "backup", str(rescue), *d)
    assert code == 0, err
    assert backup.inspect(rescue).cases == 5


def test_a_write_says_the_disk_is_failing_not_to_chmod(
    failing_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ("--data-dir", str(failing_disk), "--lang", "en")
    argv = ("clerk", "add", "li.clerk", "--role", "clerk", *d)
    code, _, err = run(capsys, *argv, stdin=AS_ADMIN + "long-enough-1\n")
    assert code == 3 and "read-only" in err and "failing" in err and "backup" in err
    assert "chmod" not in err and "permission" not in err and "Traceback" not in err
    code, out, _ = run(capsys, "doctor", "--json", *d)
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    assert checks["data_dir"]["status"] == "failure"
    assert "failing" in checks["data_dir"]["summary"] and "backup" in checks["data_dir"]["fix"]
    assert checks["store"]["status"] == "ok" and checks["journal"]["status"] == "ok"


def test_a_log_folder_on_the_failing_disk_does_not_stop_the_rescue(
    failing_disk: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_LOG_DIR", str(failing_disk / "logs"))
    code, _, err = run(
        capsys, "backup", str(tmp_path / "rescue.db"), "--data-dir", str(failing_disk)
    )
    assert code == 0 and "Traceback" not in err, err
