"""好差评 after the print: the citizen rates on their side of the counter, never the clerk.

Where the citizen can rate, in this order:
- a 评价器 (a rating pad on the counter): ``CitizenSide.device``. No driver exists yet; one
  is a ``RatingDevice`` (below) set on the window's ``citizen_side`` at start. It answers on
  the GUI thread (through the app's dispatcher, as the card reader does).
- a second screen facing the citizen: the rating dialog opens there, full screen.
- neither: the receipt says where the citizen rates (the hall's kiosk, its QR scanned there,
  once the matter is done), the print preview tells the clerk to say so as they hand it
  over, and the clerk is offered no buttons (a clerk's screen rating is the clerk's rating).
Kept apart from ui/main_window.py, which is the case flow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QGuiApplication

from terminal.clock import now
from terminal.store import Store

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SCREEN = TypeVar("SCREEN")

# (level, reason key or None) → saved; the pad asks the reason of a low level itself.
Answered = Callable[[int, str | None], None]


class Screen(Protocol):
    """What the rating needs of a screen: a QScreen, or a test's stand-in."""

    def availableGeometry(self) -> QRect: ...


class RatingDevice(Protocol):
    """A 评价器: shows the receipt number, takes a level (and a low level's reason)."""

    def ask(self, receipt_no: str, answered: Answered) -> None: ...


def citizen_screen(screens: Sequence[SCREEN], clerk_screen: SCREEN | None) -> SCREEN | None:
    """The first screen that is not the clerk's: the one facing the citizen. None when the
    clerk's is the only one (then there is no citizen-facing screen at all)."""
    return next((s for s in screens if s is not clerk_screen), None) if len(screens) > 1 else None


def can_ask_here(window: MainWindow) -> bool:
    """Whether the citizen can rate at this counter: a 评价器, or a screen facing them."""
    side = window.citizen_side
    return side.device is not None or citizen_screen(side.screens(), window.screen()) is not None


def rate_later_words() -> str:
    """What the clerk tells the citizen as they hand over a receipt that says where to rate."""
    return QCoreApplication.translate(
        "CitizenRating",
        "请告诉申请人：本窗口不能当场评价，回执上已印明评价方法——"
        "办结后到大厅自助终端“服务评价”，扫描回执二维码即可评价。",
    )


class CitizenSide:
    """The window's way to the citizen's side (``MainWindow.citizen_side``)."""

    def __init__(self) -> None:
        self.device: RatingDevice | None = None
        self.screens: Callable[[], Sequence[Screen]] = QGuiApplication.screens


def ask_citizen(
    window: MainWindow, case_id: str, receipt_no: str, done: Callable[[], None]
) -> None:
    """Ask the citizen to rate case ``case_id``; ``done`` once the counter may move on."""
    side, ctx = window.citizen_side, window.ctx
    if window.editor.case_id == case_id and window.editor.returning is not None:
        done()  # a return after 补正: the visit of the notice was asked (one rating a case)
        return

    def save(level: int, reason: str | None, comment: str) -> None:
        def store_rating(store: Store) -> str:
            from terminal.followups import rule_of
            from terminal.ratings import record_rating  # after a case: not at start

            return record_rating(
                store,
                case_id,
                level,
                comment,
                channel="counter",
                terminal=ctx.config.terminal_id,
                actor=ctx.clerk_name,
                at=now(),
                reason=reason,
                followup=rule_of(ctx.config, ctx.calendar),
            )

        ctx.store_jobs.submit(store_rating, lambda _id: None, window.fail)

    window.rating = None
    if side.device is not None:
        side.device.ask(receipt_no, lambda level, reason: save(level, reason, ""))
        done()
        return
    screen = citizen_screen(side.screens(), window.screen())
    if screen is None:  # the receipt said where, and the preview told the clerk to say it
        done()
        return
    from ui.widgets.rating_dialog import RatingDialog  # opened after a print: not at start

    dialog = RatingDialog(receipt_no, window)
    dialog.place_on(screen)
    window.rating = dialog

    def rated(_result: int) -> None:
        if dialog.level is not None:
            save(dialog.level, dialog.reason, dialog.comment.text())
        done()

    dialog.finished.connect(rated)
    dialog.open()
