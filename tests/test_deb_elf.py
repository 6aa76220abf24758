"""The package's Depends come from what the bundle's ELF files ask for (deb/elf.py, deb/build.py).

Fast: a folder holding a copy of a system program stands in for the bundle. The whole
package is built and installed by tests/test_package.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deb import build, elf

PROGRAM = Path("/usr/bin/ls")  # needs libselinux.so.1 and libc.so.6 on Debian


def readelf_needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\).*\[(.+)\]", out)


@pytest.mark.skipif(not shutil.which("readelf"), reason="readelf (binutils) is not installed")
def test_the_needed_libraries_are_those_readelf_lists() -> None:
    assert elf.needed(PROGRAM) == readelf_needed(PROGRAM)
    assert "libc.so.6" in elf.needed(PROGRAM)


def test_a_library_the_bundle_carries_is_not_asked_of_the_system(tmp_path: Path) -> None:
    shutil.copy(PROGRAM, tmp_path / "ls")
    assert "libselinux.so.1" in elf.missing_libraries(tmp_path)
    shutil.copy(PROGRAM, tmp_path / "libselinux.so.1")  # any file by that name: it ships
    assert "libselinux.so.1" not in elf.missing_libraries(tmp_path)


def test_the_package_depends_on_the_floor_and_the_packages_of_missing_libraries(
    tmp_path: Path,
) -> None:
    shutil.copy(PROGRAM, tmp_path / "ls")
    floor, depends = build.depends(tmp_path)
    assert depends[0] == f"libc6 (>= {floor})" and re.fullmatch(r"2\.\d+", floor)
    assert "libselinux1" in depends  # found with dpkg on this machine
    assert not any(d.startswith("libc6 ") for d in depends[1:])  # libc.so.6 is the floor's


def test_a_folder_without_programs_is_no_bundle(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a program")
    with pytest.raises(build.PackageError):
        build.depends(tmp_path)
