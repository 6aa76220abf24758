"""好差评 is the citizen's: on a screen facing them or a 评价器, never on the clerk's screen;
a low rating says why before it is saved."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from terminal.ratings import LOW_REASONS
from terminal.store import Store
from ui.citizen_rating import Answered, citizen_screen
from ui.main_window import MainWindow
from ui.widgets.rating_dialog import RatingDialog

from .test_counter_flow import CitizenScreen, start_residence_permit, with_citizen_screen


def accept_and_print(window: MainWindow, qtbot: QtBot, told: list[str] | None = None) -> None:
    """Accept a case and print its receipt; ``told``: what the preview asked the clerk to say."""
    start_residence_permit(window, qtbot)
    for code in ("CL-SFZ", "CL-ZLHT", "CL-LDHT"):
        window.editor.materials.rows[code].originals.setValue(1)
    window.editor.form.field_inputs["applicant_phone"].setText("13800000088")  # type: ignore[attr-defined]
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    preview = window.preview
    assert preview is not None
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "完成" in preview.status.text(), timeout=10000)
    if told is not None and preview.tell.isVisible():
        told.append(preview.tell.text())
    preview.accept()


def rating_buttons(window: MainWindow) -> list[str]:
    return [
        b.text()
        for b in window.findChildren(QPushButton)
        if b.isVisible() and ("满意" in b.text() or "不评价" in b.text())
    ]


def test_the_citizens_screen_is_the_one_that_is_not_the_clerks() -> None:
    clerk, citizen = CitizenScreen(), CitizenScreen()
    assert citizen_screen([clerk], clerk) is None
    assert citizen_screen([], None) is None
    assert citizen_screen([clerk, citizen], clerk) is citizen
    assert citizen_screen([citizen, clerk], clerk) is citizen  # whichever order Qt lists them


def printed(data_dir: Path) -> str:
    """The last page the counter printed, as the citizen reads it."""
    pdf = max((data_dir / "prints").glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.replace("\n", "").replace(" ", "")


def test_with_one_screen_the_clerk_sees_no_rating_buttons_and_the_citizen_is_told_where(
    window: MainWindow, qtbot: QtBot, reader_store: Store, data_dir: Path
) -> None:
    told: list[str] = []
    accept_and_print(window, qtbot, told)
    # What the clerk says handing the receipt over, and what the receipt says: the same.
    assert told and "自助终端" in told[0] and "服务评价" in told[0] and "二维码" in told[0]
    on_paper = printed(data_dir)
    assert "服务评价" in on_paper and "自助终端" in on_paper and "身份证号码后四位" in on_paper
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)  # the next citizen
    assert window.rating is None and not window.findChildren(RatingDialog)
    assert rating_buttons(window) == []
    window.ctx.store_jobs.wait_idle()
    assert reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0


def test_with_a_second_screen_the_rating_opens_there(
    window: MainWindow, qtbot: QtBot, data_dir: Path
) -> None:
    screen = with_citizen_screen(window)
    told: list[str] = []
    accept_and_print(window, qtbot, told)
    assert told == [] and "服务评价" not in printed(data_dir)  # rated here: nothing to tell
    qtbot.waitUntil(lambda: window.rating is not None and window.rating.isVisible(), timeout=5000)
    rating = window.rating
    assert rating is not None
    assert rating.geometry() == screen.availableGeometry()
    assert not rating.geometry().intersects(window.geometry())
    rating.reject()


def test_a_low_rating_is_saved_only_with_its_reason(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    with_citizen_screen(window)
    accept_and_print(window, qtbot)
    qtbot.waitUntil(lambda: window.rating is not None and window.rating.isVisible(), timeout=5000)
    rating = window.rating
    assert rating is not None
    rating.comment.setText("排了很久")
    qtbot.keyClick(rating, "2")  # 不满意
    assert rating.isVisible() and rating.reasons.isVisible()
    rating.accept()  # Enter, or anything else that would close it as rated: refused
    assert rating.isVisible() and rating.level is None
    window.ctx.store_jobs.wait_idle()
    assert reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
    qtbot.mouseClick(rating.reason_buttons["wait"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not rating.isVisible(), timeout=5000)
    qtbot.waitUntil(
        lambda: reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1,
        timeout=5000,
    )
    level, comment = reader_store.conn.execute("SELECT level, comment FROM ratings").fetchone()
    assert (level, comment) == (2, f"【{LOW_REASONS['wait']}】排了很久")


def test_a_rating_pad_takes_the_rating_and_the_screen_shows_no_buttons(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    asked: list[tuple[str, Answered]] = []

    class Pad:
        def ask(self, receipt_no: str, answered: Answered) -> None:
            asked.append((receipt_no, answered))

    window.citizen_side.device = Pad()
    with_citizen_screen(window)  # even with a second screen: the pad is the citizen's
    accept_and_print(window, qtbot)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked[0][0] == window.last_receipt and rating_buttons(window) == []
    asked[0][1](1, "attitude")
    qtbot.waitUntil(
        lambda: reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1,
        timeout=5000,
    )
    assert reader_store.conn.execute("SELECT level FROM ratings").fetchone()[0] == 1
