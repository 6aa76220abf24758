"""No cold start seen: the sign-in is on screen first, and the clerk's window is built
behind it while the clerk types, so signing in opens a window that is already there."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from terminal import clerks
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.run import signed_in_window
from ui.widgets.sign_in import SignInDialog


def windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def test_the_window_is_built_behind_the_sign_in_and_is_the_one_opened(
    ctx: AppContext, qtbot: QtBot
) -> None:
    ctx.clerk = None
    before = set(map(id, windows()))
    seen: dict[str, object] = {}

    def clerk_types(dialog: QDialog) -> int:
        assert isinstance(dialog, SignInDialog)
        dialog.show()
        # Once the sign-in is painted, the window is built, hidden, while the clerk types.
        qtbot.waitUntil(lambda: any(id(w) not in before for w in windows()), timeout=5000)
        (built,) = [w for w in windows() if id(w) not in before]
        seen["built"], seen["visible"] = built, built.isVisible()
        seen["locked_before"] = built.idle_lock
        dialog.clerk = clerks.Clerk("wang.li", "王丽", clerks.Role.CLERK)  # signed in
        dialog.accept()
        return 1

    window = signed_in_window(ctx, clerk_types)
    assert window is not None and window is seen["built"]
    qtbot.addWidget(window)
    assert seen["visible"] is False and seen["locked_before"] is None  # no lock before sign-in
    assert window.idle_lock is not None and ctx.clerk_name == "wang.li"
    assert "王丽" in window.status.clerk.text()


def test_nobody_signing_in_opens_no_window(ctx: AppContext) -> None:
    ctx.clerk = None
    assert signed_in_window(ctx, lambda dialog: dialog.reject() or 0) is None


def test_the_sign_in_at_start_still_closes_with_escape(ctx: AppContext, qtbot: QtBot) -> None:
    # Only the idle lock's sign-in refuses Esc (a hidden case nobody could bring back); the
    # one at start closes, and the program with it, as a clerk who started it by mistake wants.
    from PySide6.QtCore import Qt

    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    dialog.show()
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert closed == [0]
