"""The kiosk's start page: one big tile for each thing a citizen comes to do."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.kiosk.frame import TileGrid
from ui.kiosk.pages import big_button, heading


class HomePage(QWidget):
    chosen = Signal(str)  # the page to open

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.title = heading("")
        layout.addWidget(self.title)
        # Tall tiles filling the screen: one column in portrait, three in landscape.
        self.tiles = TileGrid(tile_width=560)
        self.buttons: dict[str, QPushButton] = {}
        for page in ("ticket", "checkin", "status", "guide", "rate"):
            self.buttons[page] = big_button("", partial(self.chosen.emit, page))
        self.tiles.set_tiles(list(self.buttons.values()))
        layout.addWidget(self.tiles, 1)
        layout.addWidget(QLabel(f"{ctx.config.hall}"), 0, Qt.AlignmentFlag.AlignCenter)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("您好，请选择要办理的事情"))
        texts = {
            "ticket": self.tr("取号"),
            "checkin": self.tr("预约签到（放身份证）"),
            "status": self.tr("查询办件进度"),
            "guide": self.tr("办事指南与材料清单"),
            "rate": self.tr("服务评价"),
        }
        for page, text in texts.items():
            self.buttons[page].setText(text)
        self.tiles.rearrange()
