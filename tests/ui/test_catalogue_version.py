"""The window opens with the newest catalogue version the portal published and this
terminal checked: the clerk finds the service under its new name."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal import catalogue_versions
from terminal.clock import now
from terminal.journal import canonical
from terminal.signed_versions import Announced
from terminal.store import open_store
from ui.main_window import MainWindow

from ..sync.helpers import catalogue_document


def test_the_window_starts_with_the_checked_version_and_the_clerk_finds_the_new_name(
    data_dir: Path, qtbot: QtBot, request: pytest.FixtureRequest
) -> None:
    document = catalogue_document("2026.12")
    document["services"][0]["name"] = "居住证办理（二〇二六年十二月版）"
    store = open_store(data_dir / "tongban.db")
    with store.write():
        store.conn.execute(
            "INSERT INTO portal_catalogues (version, published_at, sha256, portal_seq)"
            " VALUES ('2026.12', '2026-12-01T00:00:00+08:00', ?, 1)",
            (hashlib.sha256(canonical(document)).hexdigest(),),
        )
        announced = catalogue_versions.announced(store.conn)
        assert announced == [Announced("2026.12", announced[0].sha256)]
        text = catalogue_versions.check(announced[0], document)
        catalogue_versions.settle(
            store.conn, "2026.12", document=text, problem=None, terminal="XH-W03", at=now()
        )
    store.close()
    # The window (and its context) only now: it reads the catalogue when it starts.
    window: MainWindow = request.getfixturevalue("window")
    assert window.ctx.catalogue.version == "2026.12"
    picker = window.editor.picker
    picker.query.setText("十二月版")  # as an input method commits it (keyClicks is Latin only)
    qtbot.waitUntil(lambda: picker.results.count() > 0, timeout=3000)
    assert "二〇二六年十二月版" in picker.results.item(0).text()
