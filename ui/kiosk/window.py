"""The kiosk window: full screen, no decorations, a stack of big-buttoned pages, always a way back.

There is no way out to the desktop except an admin's password (a long press in
the top-left corner asks for it); a crash is answered by the supervisor
restarting the program (docs/packaging/tongban-kiosk.service).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal import clerks
from terminal.i18n import current_language
from ui import style
from ui.card_journal import journal_card_event
from ui.context import AppContext
from ui.kiosk.checkin_page import CheckinPage
from ui.kiosk.curtain import IdleCurtain
from ui.kiosk.frame import PageStack
from ui.kiosk.guide_page import GuidePage
from ui.kiosk.help_page import HelpPage
from ui.kiosk.home_page import HomePage
from ui.kiosk.idle import IdleWatcher
from ui.kiosk.pages import StatusPage, big_button
from ui.kiosk.rate_page import RatePage
from ui.kiosk.session import KioskSession
from ui.kiosk.ticket_page import TicketPage
from ui.queue_link import QueueLink
from ui.style import KIOSK_SHEET

if TYPE_CHECKING:
    from devices.cards.events import CardEvent
    from ui.bridge import Bridge
    from ui.widgets.sign_in import SignInDialog


class Speaker(Protocol):
    def say(self, text: str) -> object: ...


IDLE_SECONDS, WARN_SECONDS = 90, 20


class KioskWindow(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        idle_seconds: float = IDLE_SECONDS,
        *,
        bridge: Bridge | None = None,
        link: QueueLink | None = None,
        voice: Speaker | None = None,
    ) -> None:
        """``bridge``: the card reader (its ``card_event``); None: a kiosk without a reader.
        ``link``: the hall queue; None: the kiosk makes its own (the app stops its thread).
        ``voice``: says each screen's prompt (``spoken_prompts``); None: silent."""
        super().__init__(
            None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.ctx = ctx
        self.voice = voice
        self.voice_on = voice is not None  # the citizen's switch; on again for the next one
        self.session = KioskSession()
        self.may_close = False
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no right click anywhere
        self.bridge = bridge
        # A kiosk only takes tickets: the calls it would hear are for the display and windows.
        self.link = link if link is not None else QueueLink(ctx, listen=False)
        # 长辈版 type on every page, set here so the clerk's window keeps its own look.
        self.setStyleSheet(KIOSK_SHEET)
        self.stack = PageStack()
        self.home = HomePage(ctx)
        self.ticket = TicketPage(ctx, self.session, self.link)
        self.checkin = CheckinPage(ctx, self.session, self.link)
        self.help = HelpPage(ctx, self.link)
        self.pages: dict[str, QWidget] = {
            "home": self.home,
            "ticket": self.ticket,
            "checkin": self.checkin,
            "status": StatusPage(ctx, self.session),
            "guide": GuidePage(ctx, self.session),
            "rate": RatePage(ctx, self.session),
            "help": self.help,
        }
        self.ticket.finished.connect(self.start_over)
        self.ticket.say.connect(self.speak)
        self.checkin.finished.connect(self.start_over)
        self.checkin.wanted.connect(self.open_page)
        self.help.say.connect(self.speak)
        self.help.finished.connect(self.go_back)
        self.checkin.set_reader(bridge is not None and bridge.reader is not None)
        if bridge is not None:
            bridge.card_event.connect(self.card_event)
        for page in self.pages.values():
            self.stack.add(page)
        self.home.chosen.connect(self.open_page)
        self.back = big_button("", self.go_back)
        # Back is there on every page but the start page, however the page was reached.
        self.stack.currentChanged.connect(lambda _i: self.back.setVisible(not self._at_home()))
        self.back.setVisible(False)
        self.restart = big_button("", self.start_over)
        # On every page, the start page too: someone lost at the first screen needs it most.
        self.call_help = big_button("", lambda: self.open_page("help"))
        self.call_help.setObjectName("callHelp")
        self.call_help.setStyleSheet(
            "#callHelp { min-height: 84px; padding: 6px 18px; background: #ffd400;"
            " color: #000000; font-weight: bold; }"
        )
        # Chinese first; a visitor switches to English, the next citizen finds Chinese again.
        self.language = big_button("", self.switch_language)
        self.voice_switch = big_button("", self.switch_voice)
        self.voice_switch.setVisible(voice is not None)  # a silent kiosk has nothing to switch
        self.notice = QLabel()
        style.set_role(self.notice, "warning")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.corner = QPushButton("")
        self.corner.setFlat(True)
        self.corner.setFixedSize(64, 64)
        self.corner.setAutoRepeat(False)
        self._press = QTimer(self)
        self._press.setSingleShot(True)
        self._press.setInterval(3000)  # a long press: nobody does it by accident
        self._press.timeout.connect(self.ask_admin)
        self.corner.pressed.connect(self._press.start)
        self.corner.released.connect(self._press.stop)
        top = QHBoxLayout()
        top.addWidget(self.corner)
        top.addWidget(self.notice, 1)
        top.addWidget(self.voice_switch)
        top.addWidget(self.language)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back)
        bottom.addWidget(self.call_help)
        bottom.addWidget(self.restart)
        layout = QVBoxLayout(self)
        # The window is the screen's size whatever a page holds: pages scroll instead.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self.curtain = IdleCurtain(self)
        self.curtain.stay.clicked.connect(self.idle_touched)
        self.idle = IdleWatcher(idle_seconds, WARN_SECONDS, self)
        self.idle.countdown.connect(self.show_countdown)
        self.idle.expired.connect(self.start_over)
        self._history: list[str] = []
        self.admin_dialog: SignInDialog | None = None
        self.retranslate()
        self.open_page("home")

    def open_page(self, name: str) -> None:
        page = self.pages.get(name)
        if page is None:
            self.notice.setText(self.tr("此功能暂不可用，请到咨询台。"))
            return
        if self.stack.currentWidget() is not page:
            self._history.append(self.current_name())
            if page is self.checkin:
                self.checkin.enter()
        if page is self.help:
            self.help.enter()  # a press on 呼叫工作人员 calls, on whatever page it was
        changed = self.stack.currentWidget() is not page
        self.stack.setCurrentWidget(page)
        if changed:
            self.speak(self.prompts().get(name, ""))

    def _at_home(self) -> bool:
        return self.stack.currentWidget() is self.home

    def prompts(self) -> dict[str, str]:
        """What the voice says on each screen: the one thing to do there."""
        return {
            "home": self.tr("您好，请在屏幕上选择要办理的事情。"),
            "ticket": self.tr("请选择要办理的业务。"),
            "checkin": self.tr("请把身份证放在读卡区。"),
            "status": self.tr("请输入回执编号和身份证号码后四位，或扫描回执上的二维码。"),
            "guide": self.tr("请选择部门和事项，查看要带的材料。"),
            "rate": self.tr("请输入回执编号和身份证号码后四位，然后为服务评价。"),
            "help": "",  # the help page says what happened to the call once it knows
        }

    def speak(self, text: str) -> None:
        # The voice speaks Mandarin: an English screen stays silent rather than be misread.
        if self.voice is not None and self.voice_on and text and current_language() == "zh_CN":
            self.voice.say(text)

    def card_event(self, event: CardEvent) -> None:
        """A card placed at the start page means check-in (the button says 放身份证); on any
        other page but check-in a card is ignored, so nothing personal is read needlessly."""
        from devices.cards.events import DocumentRead, ReaderAttached, ReaderGone

        if self.current_name() in ("home", "checkin"):  # a read the kiosk uses is on the record
            journal_card_event(self.ctx, event, "system")  # self-service: the terminal itself
        if isinstance(event, DocumentRead) and self.current_name() == "home":
            self.open_page("checkin")
        if self.current_name() == "checkin" or isinstance(event, ReaderAttached | ReaderGone):
            self.checkin.card_event(event)

    def current_name(self) -> str:
        return (
            next(n for n, p in self.pages.items() if p is self.stack.currentWidget())
            if self.stack.count()
            else ""
        )

    def go_back(self) -> None:
        """Leave this page clean: what was typed, read or printed on it goes with it, and
        back to the start page is a start over (the next citizen may be the one pressing)."""
        target = self._history.pop() if self._history else "home"
        if target == "home":
            self.start_over()
            return
        leaving = self.stack.currentWidget()
        clear = getattr(leaving, "clear", None)
        if callable(clear):
            clear()
        self.stack.setCurrentWidget(self.pages[target])

    def idle_touched(self) -> None:
        self.idle.touched()  # (a touch anywhere already counts; the button is for certainty)

    def start_over(self) -> None:
        """Wipe everything personal from memory and from every screen, then the start page."""
        self.session.wipe()
        for page in self.pages.values():
            clear = getattr(page, "clear", None)
            if callable(clear):
                clear()
        self.notice.clear()
        self.curtain.hide()
        self.voice_on = self.voice is not None
        if current_language() != self.ctx.config.language:
            self.set_language(self.ctx.config.language)  # retranslates every page
        self.retranslate()
        self._history.clear()
        if self.admin_dialog is not None and self.admin_dialog.isVisible():
            self.admin_dialog.reject()  # the next citizen finds no sign-in open
        self.stack.setCurrentWidget(self.home)

    def show_countdown(self, seconds: int) -> None:
        if seconds:
            self.curtain.show_seconds(seconds)
        else:  # a touch: the citizen is back
            self.curtain.hide()
        if seconds == WARN_SECONDS:  # once, when the countdown starts
            self.speak(self.tr("无人操作，即将返回首页。如需继续，请触摸屏幕。"))

    # --- the citizen's switches -----------------------------------------------------

    def switch_language(self) -> None:
        self.set_language("en" if current_language() == "zh_CN" else "zh_CN")

    def set_language(self, language: str) -> None:
        from ui.translate import set_language

        app = QApplication.instance()
        if isinstance(app, QApplication):
            set_language(app, language)  # every widget gets LanguageChange

    def switch_voice(self) -> None:
        self.voice_on = not self.voice_on
        self.retranslate()
        if self.voice_on:
            self.speak(self.tr("语音提示已打开。"))

    def retranslate(self) -> None:
        """The bar's texts, then each page's (a page keeps its state: a ticket taken stays)."""
        self.back.setText(self.tr("返回"))
        self.restart.setText(self.tr("重新开始"))
        self.call_help.setText(self.tr("呼叫工作人员"))
        # The switch names the other language in that language: a visitor finds "English".
        self.language.setText("English" if current_language() == "zh_CN" else "中文")
        self.voice_switch.setText(self.tr("声音：开") if self.voice_on else self.tr("声音：关"))
        for page in self.pages.values():
            again = getattr(page, "retranslate", None)
            if callable(again):
                again()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- leaving: an admin only ------------------------------------------------------

    def ask_admin(self) -> None:
        from ui.widgets.sign_in import SignInDialog

        dialog = SignInDialog(self.ctx, cancellable=True, parent=self)

        def signed(_result: int) -> None:
            clerk = dialog.clerk
            if clerk is not None and clerk.role is clerks.Role.ADMIN:
                self.may_close = True
                self.close()
            elif clerk is not None:  # signed in, but not an admin: told why it stays open
                self.ask_admin()
                assert self.admin_dialog is not None
                self.admin_dialog.message.setText(
                    self.tr("只有管理员可以退出自助终端。%1 不是管理员。").replace(
                        "%1", clerk.display_name
                    )
                )

        dialog.finished.connect(signed)
        dialog.open()
        self.admin_dialog = dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close:
            event.accept()
        else:
            event.ignore()

    def show_full_screen(self) -> None:
        # With no window manager showFullScreen() does not resize: set the screen's geometry too.
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
