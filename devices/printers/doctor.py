"""The printer's part of ``tongban doctor``: CUPS reachable, the configured queue present and accepting."""

from __future__ import annotations

from collections.abc import Iterable

from devices.printers.base import PrinterError, lacks_a4
from devices.printers.service import printer_from_config
from terminal.config import Config
from terminal.doctor import Check, Patient, failure, ok, warning
from terminal.i18n import tr


def checks(p: Patient) -> Iterable[Check]:
    config = p.config or Config()
    try:
        printer = printer_from_config(config, p.data_dir)
        queues = printer.queues()
    except PrinterError as e:
        yield failure("printer", e.text(), tr("printer.fix.cups"))
        return
    configured = [q for q in queues if printer.name in (f"cups:{q.name}", q.name) or q.is_default]
    target = configured[0] if configured else None
    if target is None or target.state == "missing":
        yield failure(
            "printer", tr("printer.queue_missing", queue=config.printer), tr("printer.fix.queue")
        )
    elif not target.accepting or target.state == "stopped":
        yield warning(
            "printer",
            tr("printer.doctor.stopped", queue=target.name, message=target.message),
            tr("printer.fix.enable", queue=target.name),
        )
    else:
        yield ok(
            "printer",
            tr(
                "printer.doctor.ok", printer=printer.name, state=tr("printer.state." + target.state)
            ),
        )
        if lacks_a4(target):
            yield warning(
                "printer_a4",
                tr("printer.doctor.no_a4", queue=target.name),
                tr("printer.fix.a4", queue=target.name),
            )
