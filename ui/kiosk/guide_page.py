"""办事指南: pick a life event (or a department), a service, answer its questions with big buttons, see what to
bring, and print the list: the citizen then comes to the window once, with everything."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from terminal.catalogue import Intake
from terminal.clock import now
from terminal.i18n import current_language
from terminal.store import Store
from ui.context import AppContext
from ui.kiosk.frame import TileGrid
from ui.kiosk.pages import big_button, heading
from ui.kiosk.session import KioskSession


class GuidePage(QWidget):
    def __init__(self, ctx: AppContext, session: KioskSession) -> None:
        super().__init__()
        self.ctx, self.session = ctx, session
        self.intake: Intake | None = None
        self.step: Callable[[], None] = (
            self.clear
        )  # what the page shows: redone in another language
        self.title = heading("")
        # The kiosk scrolls the page (ui/kiosk/frame.py): no scroll area of its own here.
        self.tiles = TileGrid(tile_width=480, most=2)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tiles, 1)
        layout.addWidget(self.status)
        self.clear()

    def retranslate(self) -> None:
        self.step()

    def _fill(self, buttons: list[QWidget], columns: int = 2) -> None:
        self.tiles.set_tiles(buttons, most=columns)

    def _en(self) -> bool:
        return current_language() == "en"

    def clear(self) -> None:
        """Start: the life events a citizen knows (生孩子, 退休 …), or the departments when the
        catalogue names none."""
        self.intake = None
        self.session.answers, self.session.intake_code = {}, None
        self.status.clear()
        if self.ctx.catalogue.topics:
            self.show_topics()
        else:
            self.show_departments()

    def show_topics(self) -> None:
        self.step = self.show_topics
        self.title.setText(self.tr("您要办什么事？"))
        language = current_language()
        tiles: list[QWidget] = []
        for topic in self.ctx.catalogue.topics:
            name, examples = topic.label(language)
            text = name + (f"\n{examples}" if examples else "")
            tiles.append(big_button(text, partial(self.show_topic, topic.code)))
        tiles.append(big_button(self.tr("按部门查找"), self.show_departments))
        self._fill(tiles)

    def show_topic(self, code: str) -> None:
        self.step = partial(self.show_topic, code)
        topic = next(t for t in self.ctx.catalogue.topics if t.code == code)
        self.title.setText(
            self.tr("%1：请选择要办的事").replace("%1", topic.label(current_language())[0])
        )
        tiles: list[QWidget] = []
        for intake_code in topic.intakes:
            bundle = self.ctx.catalogue.bundles.get(intake_code)
            if bundle is not None:  # one application for the whole event: said so
                name = bundle.name_en if self._en() else bundle.name
                text = name + "\n" + self.tr("（一次申请，一起办好）")
            else:
                s = self.ctx.catalogue.services[intake_code]
                text = s.name_en if self._en() else s.name
            tiles.append(big_button(text, partial(self.choose, intake_code)))
        self._fill(tiles, columns=1)

    def show_departments(self) -> None:
        self.step = self.show_departments
        self.title.setText(self.tr("请选择部门"))
        departments = {
            s.department.code: s.department for s in self.ctx.catalogue.services.values()
        }
        self._fill(
            [
                big_button(d.name_en if self._en() else d.name, partial(self.show_department, c))
                for c, d in departments.items()
            ]
        )

    def show_department(self, code: str) -> None:
        self.step = partial(self.show_department, code)
        self.title.setText(self.tr("请选择事项"))
        services = [s for s in self.ctx.catalogue.services.values() if s.department.code == code]
        self._fill(
            [
                big_button(s.name_en if self._en() else s.name, partial(self.choose, s.code))
                for s in services
            ],
            columns=1,
        )

    def choose(self, code: str) -> None:
        self.intake = self.ctx.catalogue.intake(code)
        self.session.intake_code, self.session.answers = code, {}
        self.ask_next()

    def ask_next(self) -> None:
        assert self.intake is not None
        self.step = self.ask_next
        pending = [q for q in self.intake.questions if q.id not in self.session.answers]
        if not pending:
            self.show_materials()
            return
        q = pending[0]
        self.title.setText(q.text_en if self._en() else q.text)
        self._fill(
            [
                big_button(
                    o.label_en if self._en() else o.label, partial(self.answer, q.id, o.value)
                )
                for o in q.options
            ]
        )

    def answer(self, question: str, value: str) -> None:
        self.session.answers[question] = value
        self.ask_next()

    def show_materials(self) -> None:
        assert self.intake is not None
        self.step = self.show_materials
        self.title.setText(self.tr("请带齐以下材料：%1").replace("%1", self.intake.name))
        lines = []
        for req in self.intake.required_materials(self.session.answers):
            counts = "，".join(
                p
                for p in (
                    f"原件{req.originals}份" if req.originals else "",
                    f"复印件{req.copies}份" if req.copies else "",
                )
                if p
            )
            lines.append(f"· {req.material.name}（{counts}）")
        text = QLabel("\n".join(lines))
        text.setWordWrap(True)
        self._fill([text, big_button(self.tr("打印材料清单"), self.print_list)], columns=1)

    def print_list(self) -> None:
        assert self.intake is not None
        ctx, intake, answers = self.ctx, self.intake, dict(self.session.answers)

        def job(store: Store) -> str:
            from devices.printers import jobs, service
            from terminal.documents.fonts import font_set
            from terminal.documents.render import render_guide

            rendered = render_guide(
                intake, answers, set(), ctx.config.hall, now(), font_set(ctx.config.font)
            )
            printer = service.printer_from_config(ctx.config, ctx.data_dir)
            job_id = jobs.create(
                store,
                case_id=None,
                document="guide",
                fmt="roll",
                printer=printer.name,
                clerk="kiosk",
                terminal=ctx.config.terminal_id,
            )
            return jobs.run(
                store, printer, job_id, rendered.pdf, timeout=ctx.config.print_timeout_seconds
            ).state

        self.status.setText(self.tr("正在打印……"))
        self.ctx.print_jobs.submit(
            job,
            lambda state: self.status.setText(
                self.tr("请取走材料清单。")
                if state == "done"
                else self.tr("打印机暂时不可用，请到咨询台领取。")
            ),
            lambda e: self.status.setText(str(e)),
        )
