"""``tongban portal calendar``: the portal's administrator publishes next year's calendar from
a file; a date typed wrong is named before anything is sent; the terminal then uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync.engine import sync_once
from sync.portal.server import RunningPortal
from terminal import calendar_versions

from ..calendars import calendar_document
from .conftest import Terminal
from .helpers import TERMINAL, client_for
from .test_cli import run


def publish(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path, document: object, version: str
) -> tuple[int, str, str]:
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    it = str(tmp_path / "it")
    return run(capsys, "portal", "calendar", str(path), "--version", version, "--url", url,
               "--data-dir", it)  # fmt: skip


def test_a_calendar_published_from_a_file_reaches_the_terminal(
    terminal: Terminal, portal: RunningPortal, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = calendar_document("2027.1")
    del document["version"]  # the file as IT writes it: the version comes from the command
    code, out, err = publish(capsys, portal.url, tmp_path, document, "2027.1")
    assert code == 0, err
    assert "2027.1" in out and "2026、2027" in out
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert calendar_versions.in_force(terminal.store.conn, terminal.data_dir).version == "2027.1"
    # Once published, a version is never replaced.
    code, _, err = publish(capsys, portal.url, tmp_path, document, "2027.1")
    assert code == 1 and "新的版本号" in err


def test_a_wrong_date_is_named_before_anything_is_sent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = calendar_document("2027.1")
    document["years"]["2027"]["working_weekends"].append("2027-03-03")  # a Wednesday
    # No portal listens there: the file is refused before any request is made.
    code, _, err = publish(capsys, "http://127.0.0.1:9", tmp_path, document, "2027.1")
    assert code == 1 and "2027-03-03" in err and "周末" in err


def test_a_file_naming_another_version_is_not_sent(
    portal: RunningPortal, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = calendar_document("2027.1")
    code, _, err = publish(capsys, portal.url, tmp_path, document, "2027.9")
    assert code == 1 and "2027.1" in err  # the file names another version: not sent
    with portal.portal.db.read() as db:
        assert db.execute("SELECT count(*) FROM calendar_versions").fetchone()[0] == 0
