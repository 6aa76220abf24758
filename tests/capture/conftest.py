"""SANE's test backend in a config folder of the test's own: real libsane, no root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.capture.sane_scanner import SaneProcess

TEST_CONF = """\
number_of_devices 1
mode Gray
depth 8
resolution_min 1.0
resolution_max 1200.0
resolution_quant 1.0
resolution 50.0
test-picture "Grid"
read-limit false
read-delay false
read-status-code "Default"
geometry_min 0.0
geometry_max 300.0
geometry_quant 1.0
tl_x 0.0
tl_y 0.0
br_x 210.0
br_y 297.0
"""


@pytest.fixture
def sane_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "sane.d"
    folder.mkdir()
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(TEST_CONF)
    return folder


@pytest.fixture
def sane_process(sane_dir: Path) -> Iterator[SaneProcess]:
    process = SaneProcess({"SANE_CONFIG_DIR": str(sane_dir)}, timeout=30.0)
    yield process
    process.close()
