"""The windows' top-level handler: a failure is one sentence in a box, the traceback in the log."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal import logs
from terminal.store import Store
from ui import app
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def hooked(ctx: AppContext) -> Iterator[AppContext]:
    before = (sys.excepthook, threading.excepthook)
    logs.setup("info")
    app.catch_everything(ctx)
    yield ctx
    sys.excepthook, threading.excepthook = before


def test_a_full_disk_under_a_store_job_is_one_sentence(window: MainWindow, qtbot: QtBot) -> None:
    def job(store: Store) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    window.ctx.store_jobs.submit(job)  # nobody waits on it: the app's own handler answers
    qtbot.waitUntil(lambda: bool(app._shown))
    text = app._shown[-1].text()
    assert "磁盘已满" in text and str(window.ctx.data_dir / "tongban.db") in text
    assert "OperationalError" not in text and "Traceback" not in text
    app._shown[-1].close()


def test_an_exception_nothing_caught_is_shown_and_logged(hooked: AppContext, qtbot: QtBot) -> None:
    def boom() -> None:
        raise RuntimeError("a bug in some thread")

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(app._shown))
    text = app._shown[-1].text()
    assert "程序出错" in text and "a bug" not in text and "tongban.log" in text
    log = (logs.log_dir() / "tongban.log").read_text("utf-8")
    assert "RuntimeError: a bug in some thread" in log
    app._shown[-1].close()
