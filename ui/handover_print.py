"""The papers of a 出件 (ui/handover.py): the 委托书 captured, and the 领取回执 or 邮寄回执
printed once the portal confirmed the handover."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from terminal.attachments.letters import LETTER_MATERIAL

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.handover_dialog import HandoverDialog


def print_receipt(window: MainWindow, case: dict[str, Any], collector: Any,
                  envelope: dict[str, Any], state: dict[str, Any], waybill: str | None,
                  name: str) -> None:  # fmt: skip
    """The 领取回执 (or 邮寄回执) with the collector's signature, on the print worker."""
    ctx = window.ctx
    config, data_dir, clerk = ctx.config, ctx.data_dir, ctx.clerk_name

    def job(store: Any) -> str:
        from devices.printers import jobs
        from devices.printers import service as printers
        from terminal.documents.fonts import font_set
        from terminal.documents.handover_receipt import HandoverDocument
        from terminal.documents.render import render_handover
        from terminal.signatures import png_of

        doc = HandoverDocument(
            hall=config.hall, window=f"{config.window}号窗口", clerk=clerk, handed_at=state["at"],
            receipt_no=case["receipt_no"], service=name, items=case["items"],
            collector_name=collector.name, collector_number=collector.id_number,
            role=collector.role, relation=collector.relation, operation=state["id"],
            signature_png=png_of(envelope), letter_sha256=collector.letter_sha256,
            waybill=waybill or "",
        )  # fmt: skip
        rendered = render_handover(doc, font_set(config.font))
        printer = printers.printer_from_config(config, data_dir)
        job_id = jobs.create(store, case_id=None, document="handover", fmt="a4",
                             printer=printer.name, clerk=clerk, terminal=config.terminal_id)  # fmt: skip
        return jobs.run(store, printer, job_id, rendered.pdf,
                        timeout=config.print_timeout_seconds).state  # fmt: skip

    ctx.print_jobs.submit(job, lambda _state: None, window.fail)


def capture_letter(window: MainWindow, dialog: HandoverDialog, state: dict[str, Any]) -> None:
    """采集委托书: the capture dialog (camera, scanner or file), as for any material."""
    from terminal.attachments.model import Attachment
    from ui.capture.dialog import CaptureDialog
    from ui.capture.hook import service

    capture = service(window, window.ctx)
    capture.prepare()
    case = state.get("case") or {}
    capture_dialog = CaptureDialog(capture.setup, LETTER_MATERIAL, QCoreApplication.translate("Handover", "委托书"),
                                   str(case.get("case_id") or state["id"]), dialog)  # fmt: skip

    def stored(item: object) -> None:
        if isinstance(item, Attachment):
            state["letter"] = item  # kept with the handover, once the portal confirms it
            dialog.set_letter(item.sha256, item.pages)

    capture_dialog.captured.connect(stored)
    capture_dialog.open()
