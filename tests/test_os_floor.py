"""The oldest system this build runs on, read from its Qt libraries, said by the doctor."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminal import doctor, os_floor


def elf(path: Path, *needs: str) -> Path:
    path.write_bytes(b"\x7fELF" + b"\0" * 60 + b"\0".join(n.encode() for n in needs) + b"\0")
    return path


def test_the_floor_is_the_highest_version_any_library_asks_for(tmp_path: Path) -> None:
    core = elf(tmp_path / "libQt6Core.so.6", "GLIBC_2.17", "GLIBC_2.34", "GLIBC_2.2.5")
    widgets = elf(tmp_path / "libQt6Widgets.so.6", "GLIBC_2.28")
    text = tmp_path / "notes.txt"
    text.write_text("GLIBC_2.99 is only words here")  # not an ELF file: not a library's need
    assert os_floor.glibc_needed([core, widgets, text]) == (2, 34)
    assert os_floor.glibc_needed([text]) is None


def test_the_installed_qt_runs_here_and_the_doctor_says_so(tmp_path: Path) -> None:
    needed = os_floor.glibc_needed(os_floor.qt_libraries())
    running = os_floor.glibc_running()
    assert needed is not None and running is not None and needed <= running
    (found,) = doctor.check_system(doctor.Patient(tmp_path, tmp_path / "c.toml"))
    assert found.status is doctor.Status.OK and os_floor.shown(needed) in found.summary


def test_an_older_system_is_named_with_both_versions_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kylin V10's glibc 2.28 under a build whose Qt needs 2.34: a sentence, not a loader
    error the clerk cannot read."""
    monkeypatch.setattr(os_floor, "glibc_running", lambda: (2, 28))
    monkeypatch.setattr(os_floor, "glibc_needed", lambda _files: (2, 34))
    (found,) = doctor.check_system(doctor.Patient(tmp_path, tmp_path / "c.toml"))
    assert found.status is doctor.Status.FAILURE
    assert "2.28" in found.summary and "2.34" in found.summary
    assert found.fix is not None and "docs/operations.md" in found.fix
