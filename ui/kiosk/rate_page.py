"""好差评 at the kiosk (服务评价): a finished case found by its receipt, then five levels; a low
one (不满意, 非常不满意) asks why, from the same reasons the counter's rating asks
(terminal.ratings.LOW_REASONS), as large touch choices, before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from terminal import casebook
from terminal.case_status import CaseStatus, StatusRefused
from terminal.casebook import CaseNotFound
from terminal.clock import now
from terminal.followups import rule_of
from terminal.identity import normalise_id_number
from terminal.ratings import (
    LOW,
    LOW_REASONS,
    RatingRefused,
    is_rated,
    record_hall_rating,
    record_rating,
)
from terminal.store import Store
from ui.context import AppContext
from ui.kiosk.frame import TileGrid
from ui.kiosk.pages import big_button, heading, plain_error
from ui.kiosk.receipt_form import ReceiptForm, receipt_letters
from ui.kiosk.session import KioskSession

if TYPE_CHECKING:
    from sync.cases.lookup import CaseLookup


def _holds(store: Store, case_id: str) -> bool:
    """Whether this store holds the case (the id is the same here and on the portal)."""
    if not case_id:
        return False
    try:
        casebook.find(store, case_id)
    except CaseNotFound:
        return False
    return True


@dataclass(frozen=True)
class RateTarget:
    """The case a citizen is about to rate, and where it lives."""

    receipt_no: str
    case_id: str
    local: bool  # in this store (record_rating) or known only to the portal (record_hall_rating)
    last4: str  # the portal takes a rating of another terminal's case only with these
    service: str = ""  # its service's name: a 差评 follow-up names it, never the citizen


@dataclass(frozen=True)
class RateCheck:
    """The worker's verdict on a receipt + last four: a target, or why there is none."""

    status: CaseStatus | None  # None: not here, and the portal could not be asked
    target: RateTarget | None = None
    elsewhere: bool = False  # accepted in another hall: the portal takes its rating there only


class RatePage(QWidget):
    """好差评 for a finished case, found as the status page finds it: the portal first.

    The counters accept the cases, so the kiosk's own store rarely holds the one rated; the
    portal's answer gives its case id, and the rating is kept here at once and sent by the
    sync worker later, so a portal going down after the question loses nothing.
    """

    def __init__(self, ctx: AppContext, session: KioskSession) -> None:
        super().__init__()
        self.ctx, self.session = ctx, session
        self._visit = 0  # an answer arriving after a start over belongs to nobody: dropped
        self._lookup: CaseLookup | None = None  # used on the store worker's thread only
        self._target: RateTarget | None = None
        # The same numeric pad as the status page: the hall's letters are written for them.
        letters = receipt_letters(ctx.config.terminal_id)
        self.form = ReceiptForm(letters, lambda: self.tr("下一步"), self.ready)
        self.levels = QWidget()
        row = QVBoxLayout(self.levels)  # best first, top to bottom: fits portrait and landscape
        self.level_buttons = {
            level: big_button("", partial(self.choose, level)) for level in (5, 4, 3, 2, 1)
        }
        for button in self.level_buttons.values():
            row.addWidget(button)
        # A low level asks why before it is saved, as the counter's rating does; one touch on
        # a reason saves both. The same reasons, in the same order, as the window's dialog.
        self.reasons = QWidget()
        column = QVBoxLayout(self.reasons)
        self.reasons_heading = heading("")
        column.addWidget(self.reasons_heading)
        self.reason_buttons = {
            key: big_button("", partial(self.choose_reason, key)) for key in LOW_REASONS
        }
        # Tiles as on the home page: all six at once on a landscape screen, no scrolling.
        grid = TileGrid(tile_width=420)
        grid.set_tiles(list(self.reason_buttons.values()))
        column.addWidget(grid)
        self.change_level = big_button("", self.back_to_levels)
        column.addWidget(self.change_level)
        self._low: int | None = None  # a low level touched, its reason not yet
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.offer(None)
        layout = QVBoxLayout(self)
        self.title = heading("")
        layout.addWidget(self.title)
        layout.addWidget(self.form)
        layout.addWidget(self.levels)
        layout.addWidget(self.reasons)
        layout.addWidget(self.result, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the kiosk's current language (the window calls this on a switch)."""
        self.title.setText(self.tr("为已办结的办件评价"))
        levels = {
            5: self.tr("非常满意"),
            4: self.tr("满意"),
            3: self.tr("基本满意"),
            2: self.tr("不满意"),
            1: self.tr("非常不满意"),
        }
        for level, button in self.level_buttons.items():
            button.setText(levels[level])
        self.reasons_heading.setText(self.tr("请选择不满意的原因"))
        words = {
            "wait": self.tr("等候时间长"),
            "again": self.tr("需要多次跑动"),
            "unclear": self.tr("告知不清楚"),
            "attitude": self.tr("服务态度不好"),
            "system": self.tr("系统或设备故障"),
            "other": self.tr("其他原因"),
        }
        for key, button in self.reason_buttons.items():
            button.setText(words[key])
        self.change_level.setText(self.tr("重新选择满意程度"))
        self.form.retranslate()

    def offer(self, target: RateTarget | None) -> None:
        """The case to rate, or none. With one, the five levels take the keypad's place: the
        page then fits a 1080-pixel screen in large type, and the citizen sees one thing to do."""
        self._target = target
        self._low = None
        on = target is not None
        self.levels.setEnabled(on)
        self.levels.setVisible(on)
        self.reasons.setVisible(False)
        self.reasons.setEnabled(True)
        self.form.setVisible(not on)

    def choose(self, level: int) -> None:
        """A level touched: saved at once, or, when low, once its reason is touched too."""
        if self._target is None:
            return
        if level not in LOW:
            self.rate(level)
            return
        self._low = level
        self.levels.setVisible(False)
        self.reasons.setVisible(True)
        self.result.clear()

    def choose_reason(self, key: str) -> None:
        if self._low is not None:
            self.rate(self._low, key)

    def back_to_levels(self) -> None:
        """A wrong touch on 不满意: the five levels again, nothing saved."""
        self._low = None
        self.reasons.setVisible(False)
        self.levels.setVisible(self._target is not None)

    def ready(self, reference: str, last4: str) -> None:
        ctx, visit = self.ctx, self._visit
        self.offer(None)

        def check(store: Store) -> RateCheck:
            # The portal may take seconds (interactive timeouts): never on the GUI thread.
            if self._lookup is None or self._lookup.make_client is None:
                from sync.cases.lookup import CaseLookup
                from ui.queue_link import portal_client_factory

                self._lookup = CaseLookup(portal_client_factory(ctx, interactive=True))
            try:
                status = self._lookup(store, reference, last4)
            except StatusRefused as e:
                if e.msg_id == "status.not_found" and not self._lookup.portal_answered:
                    return RateCheck(None)
                raise
            # A case this store holds (pushed from here, or not yet) keeps its own rating table.
            local = status.source == "local" or _holds(store, status.case_id)
            if not local and status.hall and status.hall != ctx.config.hall:
                return RateCheck(status, elsewhere=True)  # said now, not refused after a level
            if not status.finished:
                return RateCheck(status)
            if not local and not status.case_id:
                raise RatingRefused("rating.bad_case")  # a portal too old to name its case
            if is_rated(store, status.case_id):
                raise RatingRefused("rating.already", receipt=status.receipt_no)
            tail = normalise_id_number(last4)
            return RateCheck(
                status, RateTarget(status.receipt_no, status.case_id, local, tail, status.service)
            )

        self.result.setText(self.tr("正在查询，请稍候……"))
        self.ctx.store_jobs.submit(
            check,
            lambda c: self.checked(c, last4) if visit == self._visit else None,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def checked(self, check: RateCheck, last4: str) -> None:
        status = check.status
        if status is None:
            self.result.setText(self.tr("暂时无法连接政务服务平台，请稍后再评价，或到窗口评价。"))
        elif check.elsewhere:
            self.result.setText(
                self.tr("回执 %1 的办件由%2受理，请到该大厅评价，或在网上评价。")
                .replace("%1", status.receipt_no)
                .replace("%2", status.hall)
            )
        elif check.target is None and status.state == "withdrawn":
            self.result.setText(
                self.tr("回执 %1 的办件已撤回，不能评价。").replace("%1", status.receipt_no)
            )
        elif check.target is None:
            self.result.setText(
                self.tr("回执 %1 的办件目前是【%2】，办结后才能在这里评价。")
                .replace("%1", status.receipt_no)
                .replace("%2", status.state_text)
            )
        else:
            self.session.reference, self.session.last4 = status.receipt_no, last4
            self.offer(check.target)
            self.result.setText(self.tr("请为回执 %1 的服务评价").replace("%1", status.receipt_no))

    def _failed(self, error: Exception) -> None:
        self.offer(None)
        self.result.setText(plain_error(error, self.tr("暂时无法评价，请到咨询台询问。")))

    def rate(self, level: int, reason: str | None = None) -> None:
        """Save ``level`` (with ``reason``, a LOW_REASONS key, for a low one)."""
        target, terminal, visit = self._target, self.ctx.config.terminal_id, self._visit
        rule = rule_of(self.ctx.config, self.ctx.calendar)  # a low level opens a 差评 follow-up
        if target is None or (level in LOW and reason is None):
            return
        self.levels.setEnabled(False)  # one press, one rating
        self.reasons.setEnabled(False)

        def save(store: Store) -> str:
            # Kept here at once, sent by the sync worker: nothing waits on the portal now.
            if target.local:
                return record_rating(
                    store,
                    target.case_id,
                    level,
                    "",
                    channel="kiosk",
                    terminal=terminal,
                    actor="kiosk",
                    at=now(),
                    reason=reason,
                    followup=rule,
                )
            return record_hall_rating(
                store,
                target.case_id,
                target.receipt_no,
                target.last4,
                level,
                "",
                terminal=terminal,
                actor="kiosk",
                at=now(),
                reason=reason,
                followup=rule,
                service=target.service,
            )

        def saved(_rating: str) -> None:
            if visit == self._visit:
                self.form.clear()
                self.offer(None)
                self.result.setText(self.tr("谢谢您的评价！"))

        self.ctx.store_jobs.submit(
            save, saved, lambda e: self._failed(e) if visit == self._visit else None
        )

    def clear(self) -> None:
        self._visit += 1
        self.form.clear()
        self.offer(None)
        self.result.clear()
