"""Without a display the windows and the demo say what to do, and leave nothing behind:
no SIGABRT from Qt, no temporary folder with a key file in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", ["demo", "window", "kiosk", "display"])
def test_no_display_is_a_sentence_not_an_abort(tmp_path: Path, command: str) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    temp = tmp_path / "tmp"
    temp.mkdir()
    env.update(PYTHONPATH=str(ROOT), TMPDIR=str(temp), TONGBAN_LOG_DIR=str(tmp_path / "logs"))
    data = tmp_path / "data"

    def tongban(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "terminal.cli", *argv, "--data-dir", str(data), "--lang", "en"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    assert tongban("init").returncode == 0
    result = tongban(command)
    assert result.returncode == 3, (result.returncode, result.stderr)  # not -6 (SIGABRT)
    assert "no display" in result.stderr and "python -m terminal.demo" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(temp.iterdir()) == []  # the demo made no folder (and so no key file)
