"""The bottom line a clerk glances at: reader, printer, portal, cases waiting, sync progress."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from ui import style


class TerminalStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clerk = QLabel()
        self.reader = QLabel()
        self.printer = QLabel()
        self.portal = QLabel()
        style.set_role(self.portal, "warning")  # offline until the first sync: see set_portal
        self.waiting = QLabel()
        self.files = QLabel()  # captured materials still to upload (hidden when none)
        self.files.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(140)
        self.progress.setVisible(False)
        for w in (self.clerk, self.reader, self.printer, self.portal, self.waiting, self.files):
            self.addPermanentWidget(w)
        self.addPermanentWidget(self.progress)
        self._reader = self._printer = ""
        self._portal: tuple[bool, str] = (False, "")
        self._waiting = (0, 0)
        self._files: tuple[int, int, int | None] = (0, 0, None)
        self.retranslate()

    def retranslate(self) -> None:
        self.set_reader(self._reader)
        self.set_printer(self._printer)
        self.set_portal(*self._portal)
        self.set_waiting(*self._waiting)
        self.set_attachments(*self._files)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_clerk(self, text: str) -> None:
        self.clerk.setText(text)

    def set_reader(self, text: str) -> None:
        self._reader = text
        self.reader.setText(self.tr("读卡器：%1").replace("%1", text or self.tr("未知")))

    def set_printer(self, text: str) -> None:
        self._printer = text
        # A queue's long name (a folder's path) would widen the window past the screen:
        # its end is what tells printers apart; the whole name is in the tooltip.
        short = text if len(text) <= 28 else "…" + text[-24:]
        self.printer.setText(self.tr("打印机：%1").replace("%1", short or self.tr("未知")))
        self.printer.setToolTip(text)

    def set_portal(self, online: bool, since: str) -> None:
        self._portal = (online, since)
        if online:
            self.portal.setText(self.tr("平台：在线"))
        else:
            text = self.tr("平台：离线") + (
                self.tr("（自 %1）").replace("%1", since) if since else ""
            )
            self.portal.setText(text)
        role = "ok" if online else "warning"
        if self.portal.property("role") != role:  # a new palette only when the colour changes
            style.set_role(self.portal, role)

    def set_waiting(self, waiting: int, stuck: int) -> None:
        self._waiting = (waiting, stuck)
        text = self.tr("待上报 %1").replace("%1", str(waiting))
        if stuck:
            text += self.tr("，异常 %1").replace("%1", str(stuck))
        self.waiting.setText(text)

    def set_attachments(self, files: int, size: int, percent: int | None = None) -> None:
        """Scans waiting for the portal (``size`` bytes); ``percent`` of the file in flight."""
        self._files = (files, size, percent)
        mb = f"{size / 1e6:.1f} MB"
        if percent is not None:
            text = self.tr("扫描件上传中 %1 个（%2），当前 %3%")
            text = text.replace("%3", str(percent))
        else:
            text = self.tr("扫描件待上传 %1 个（%2）")
        self.files.setText(text.replace("%1", str(files)).replace("%2", mb))
        self.files.setVisible(files > 0)

    @property
    def cases_waiting(self) -> int:
        """Cases not yet reported to the portal, as last shown."""
        return self._waiting[0]

    def show_sent(self, sent: int) -> None:
        """While pushing: ``sent`` of the cases waiting have gone."""
        self.set_progress(sent, max(self.cases_waiting, 1))

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(total > 0 and done < total)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
