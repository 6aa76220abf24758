"""The PyInstaller bundle IT installs: it builds, and the frozen program works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=600,
    )
    return work / "dist" / "tongban"


def frozen(bundle: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / "tongban-debug"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.mark.slow
def test_the_bundle_has_both_programs_and_the_version(bundle: Path) -> None:
    assert (bundle / "tongban").is_file() and (bundle / "tongban-debug").is_file()
    result = frozen(bundle, "--version")
    assert result.returncode == 0 and result.stdout.strip().startswith("tongban 0.")


@pytest.mark.slow
def test_doctor_runs_from_the_bundle_on_a_fresh_folder(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    assert frozen(bundle, "init", "--data-dir", str(data)).returncode == 0
    result = frozen(bundle, "doctor", "--json", "--data-dir", str(data))
    report = json.loads(result.stdout)
    found = {c["id"]: c["status"] for c in report["checks"]}
    # The catalogue data, the font handling (reportlab, fontconfig) and sqlite work frozen;
    # the holidays file loads (in December it may warn that next year is not in yet).
    assert found["store"] == found["font"] == "ok", report
    assert found["calendar"] in ("ok", "warning"), report


@pytest.mark.slow
def test_the_window_starts_shows_and_quits_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    result = frozen(
        bundle, "demo", "--quit-after", "1", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr[-2000:]
