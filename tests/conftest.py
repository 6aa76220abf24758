"""Shared fixtures: a fresh store file per test, the test catalogue, a fixed clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from terminal import catalogue, i18n
from terminal.clock import CHINA
from terminal.store import Store, open_store

DATA = Path(__file__).parent / "data"
# An invented citizen: valid check characters, no real person behind it.
VALID_ID = "11010519491231002X"  # GB 11643-1999's own example


@pytest.fixture(autouse=True)
def private_log_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests log where the test can look, never into the machine's own log folder."""
    monkeypatch.setenv("TONGBAN_LOG_DIR", str(tmp_path_factory.mktemp("logs")))


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Network traffic in tests stays on loopback, whatever the machine's proxy settings say."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(autouse=True)
def chinese_first() -> Iterator[None]:
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "tongban.db", create=True)
    yield s
    s.close()


@pytest.fixture(scope="session")
def mini_catalogue() -> catalogue.Catalogue:
    return catalogue.parse(json.loads((DATA / "mini_catalogue.json").read_text("utf-8")), "mini")


@pytest.fixture
def at() -> datetime:
    return datetime(2026, 11, 26, 9, 30, tzinfo=CHINA)


# The first admin `signed_in_data` adds, and the stdin lines that sign them in for a command
# that needs a supervisor or admin (docs/operations.md: 谁来签字).
ADMIN, ADMIN_PASSWORD = "zhang.admin", "admin-pass-1"
AS_ADMIN = f"{ADMIN}\n{ADMIN_PASSWORD}\n"


def add_first_admin(data_dir: Path) -> None:
    """``tongban clerk add`` on a fresh store: the first account, an admin, needs no sign-in."""
    import io
    import sys

    from terminal.cli import main

    old = sys.stdin
    sys.stdin = io.StringIO(ADMIN_PASSWORD + "\n")
    try:
        assert main(["clerk", "add", ADMIN, "--role", "admin", "--data-dir", str(data_dir)]) == 0
    finally:
        sys.stdin = old
