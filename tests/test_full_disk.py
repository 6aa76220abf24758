"""A full disk is a sentence with the path and the fix, never a traceback, and leaves no
half-written file. The disk is a real one that fills up: a small tmpfs (root can mount it)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ADMIN_PASSWORD, AS_ADMIN
from .test_cli import EXAMPLE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "small"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tongban-test", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def tongban(*argv: str, stdin: str = "", log_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TONGBAN_LOG_DIR": str(log_dir)}
    return subprocess.run(
        [sys.executable, "-m", "terminal.cli", *argv, "--lang", "en"],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def fill(disk: Path) -> None:
    """Leave the disk with nothing free."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)


def _init_with_first_admin(data: Path, log_dir: Path) -> None:
    """A fresh store, as IT sets one up: init, then its first admin (zhang.admin)."""
    assert tongban("init", "--data-dir", str(data), log_dir=log_dir).returncode == 0
    added = tongban(
        "clerk",
        "add",
        "zhang.admin",
        "--role",
        "admin",
        "--data-dir",
        str(data),
        stdin=ADMIN_PASSWORD + "\n",
        log_dir=log_dir,
    )
    assert added.returncode == 0, added.stderr


def test_a_backup_to_a_full_disk_says_so_and_leaves_no_temp_file(
    small_disk: Path, tmp_path: Path
) -> None:
    data, log_dir = tmp_path / "data", tmp_path / "logs"
    _init_with_first_admin(data, log_dir)
    done = tongban(
        "case", "import", str(EXAMPLE), "--data-dir", str(data), stdin=AS_ADMIN, log_dir=log_dir
    )
    assert done.returncode == 0, done.stderr
    fill(small_disk)
    target = small_disk / "backups" / "monday.db"
    result = tongban("backup", str(target), "--data-dir", str(data), log_dir=log_dir)
    assert result.returncode == 3, result.stderr
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr
    assert str(small_disk / "backups") in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    left = [p.name for p in (small_disk / "backups").iterdir()]
    assert left == [], left  # no .tongban-backup-*.db left behind
    assert "Traceback" in (log_dir / "tongban.log").read_text("utf-8")  # IT still gets it


def test_import_and_clerk_add_on_a_full_disk_say_so_and_change_nothing(
    small_disk: Path, tmp_path: Path
) -> None:
    data, log_dir = small_disk / "data", tmp_path / "logs"
    _init_with_first_admin(data, log_dir)
    fill(small_disk)
    for argv, stdin in (
        (("case", "import", str(EXAMPLE)), AS_ADMIN),
        (("clerk", "add", "li.clerk", "--role", "clerk"), AS_ADMIN + "long-enough-1\n"),
    ):
        result = tongban(*argv, "--data-dir", str(data), stdin=stdin, log_dir=log_dir)
        assert result.returncode in (1, 3), result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        assert "disk is full" in result.stderr and str(data) in result.stderr, result.stderr
    (small_disk / "filler").unlink()
    listed = tongban("case", "list", "--data-dir", str(data), log_dir=log_dir)
    assert listed.returncode == 0 and "XH-W01-" not in listed.stdout  # nothing half-imported
