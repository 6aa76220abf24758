"""The Chinese window says everything in Chinese: Qt's own buttons (确定/取消) included, no
English word left in any widget of the window or of the dialogs it opens. Codes, keys and
numbers are not words: receipt numbers, ticket numbers, Ctrl+P, F9, PDF pass.

English mode, the other way: the catalogue's English names for services and materials."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from terminal.casebook import CaseRow
from terminal.hall import groups_or_shipped
from ui.context import AppContext
from ui.demo import sample_cards
from ui.main_window import MainWindow
from ui.queue_link import QueueLink
from ui.widgets.print_preview import PrintPreview
from ui.widgets.rating_dialog import RatingDialog
from ui.widgets.reject_dialog import RejectDialog
from ui.widgets.transfer_dialog import TransferDialog

WORD = re.compile(r"[A-Za-z][A-Za-z0-9+_.\-]*")
ALLOWED = {"Ctrl", "Shift", "Alt", "Esc", "Enter", "Tab", "Delete", "PDF", "QR", "ID", "English"}
EXAMPLES = {"jzz"}  # the pinyin initials the service search's hint shows as an example
# A command the clerk is told to run, typed as shown (tongban doctor --bundle 诊断包.zip).
COMMANDS = {"tongban", "doctor", "bundle", "zip", "queue", "status"}
PATH = re.compile(r"(?:\b[A-Za-z]:)?(?:[/\\][^\s；，。）)]+)+")  # a file's path is a name


def not_a_word(token: str) -> bool:
    """A key, a code (no lower-case letter: CL-SFZ, XH-W03-20261126-0001, A012, F9)."""
    parts = token.strip(".-").split("+")
    return all(
        p in ALLOWED or p in EXAMPLES or p in COMMANDS or not re.search(r"[a-z]", p) for p in parts
    )


def texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person can see or hover in ``root``."""
    found: list[tuple[str, str]] = [(type(root).__name__, root.windowTitle())]
    for w in [root, *root.findChildren(QWidget)]:
        name = type(w).__name__
        if not w.isVisibleTo(root) and w is not root and not isinstance(w, QMenu):
            continue
        found.append((name + " tooltip", w.toolTip()))
        if isinstance(w, QLabel | QAbstractButton):
            found.append((name, w.text()))
        elif isinstance(w, QLineEdit):
            found += [(name, w.text()), (name + " placeholder", w.placeholderText())]
        elif isinstance(w, QComboBox):
            found += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QAbstractSpinBox):
            found.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((name, w.title()))
        elif isinstance(w, QTabWidget):
            found += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [(name, w.item(i).text()) for i in range(w.count())]
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                header = w.horizontalHeaderItem(c)
                found.append((name + " header", header.text() if header else ""))
                found += [
                    (name, item.text())
                    for r in range(w.rowCount())
                    if (item := w.item(r, c)) is not None
                ]
        elif isinstance(w, QMenu):
            found.append((name, w.title()))
            found += [(name, a.text()) for a in w.actions()]
    return found


def english_words(root: QWidget, allow: set[str], within: str = "") -> list[str]:
    """``within``: a configured value shown as it is (a printer's path), perhaps shortened
    with an ellipsis to fit: any piece of it is a name, not a word."""
    return sorted(
        {
            f"{where}: {text!r}"
            for where, text in texts(root)
            for token in WORD.findall(PATH.sub(" ", text))
            if token not in allow and not (within and token in within) and not not_a_word(token)
        }
    )


def test_no_english_word_in_the_chinese_window_or_its_dialogs(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    window.links.attach_queue(QueueLink(ctx, listen=False))
    panel = window.links.queue_panel
    assert panel is not None
    # A queue operation that failed for a reason that is not the queue's own (a bug, a lock):
    # the clerk reads a sentence, not Python's English.
    panel._failed(RuntimeError("database is locked"))
    assert panel.message.text()
    # Everything on screen: a card, a service with its questions, fields and materials.
    window.place_card(sample_cards()[0])
    window.editor.choose("310104-GA-JZZ-0001")
    window.editor.offer_appointment("310104-GA-JZZ-0001", "有网上预约：2026-11-26 09:00")
    window.status.set_reader("就绪")
    row = CaseRow("c1", "XH-W03-20261126-0001", "310104-GA-JZZ-0001", "accepted", "accepted",
                  "李明", "110101199003070011", "2026-11-26T09:00", False, None)  # fmt: skip
    window.history._found([(row, "pending")])
    window.warn("请先录入申请人并选择办理事项。")
    qtbot.wait(50)  # new fields are shown by a queued call: let it run
    assert ("QLabel", "本市居住地址 *") in texts(window)  # the scan reaches the new fields
    groups, _ = groups_or_shipped(ctx.data_dir)
    dialogs: list[QWidget] = [
        window.last_warning,  # type: ignore[list-item]
        RejectDialog(window, window.editor.intake),
        TransferDialog(groups, 3, window),
        PrintPreview(b"", "XH-W03-20261126-0001", window),
        RatingDialog("XH-W03-20261126-0001", window),
        *window.menuBar().findChildren(QMenu),
    ]
    # The printer's name is the hall's (a CUPS queue, here a folder): not the window's word.
    allow = set(WORD.findall(ctx.config.printer))
    found = english_words(window, allow, ctx.config.printer)
    for dialog in dialogs:
        found += english_words(dialog, allow)
    assert found == []
    box = window.last_warning
    assert isinstance(box, QMessageBox)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"


def test_qt_and_the_window_in_english_use_the_catalogues_english_names(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.place_card(sample_cards()[0])
    window.editor.choose("310104-GA-JZZ-0001")
    window.toggle_language()
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Tongban Terminal"), timeout=3000)
    try:
        picker = window.editor.picker.results
        names = [picker.item(i).text() for i in range(picker.count())]
        assert any(n.startswith("Residence Permit application") for n in names), names
        assert not any(re.search(r"[\u4e00-\u9fff]", n) for n in names if "Permit" in n)
        material = window.editor.materials.rows["CL-SFZ"].name.text()
        assert material and not re.search(r"[\u4e00-\u9fff]", material), material
        window.warn("x")
        box = window.last_warning
        assert box is not None
        assert box.button(QMessageBox.StandardButton.Ok).text() == "OK"
    finally:
        window.toggle_language()
        qtbot.waitUntil(lambda: window.windowTitle().startswith("通办终端"), timeout=3000)
