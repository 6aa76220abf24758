"""The card reader's part of ``tongban doctor``: pcscd reachable, readers and serial ports seen."""

from __future__ import annotations

from collections.abc import Iterable

from devices.cards.backends import parse_spec
from devices.cards.errors import CardError, DecodeError
from terminal.config import Config
from terminal.doctor import Check, Patient, failure, ok, warning
from terminal.i18n import tr


def checks(p: Patient) -> Iterable[Check]:
    configured = (p.config or Config()).reader
    try:
        spec = parse_spec(configured)
    except DecodeError as e:
        yield failure("reader", e.text(), tr("card.doctor.fix_config"))
        return
    yield from _pcsc(required=spec.kind == "pcsc")
    yield from _serial(
        spec.target if spec.kind == "serial" else None, required=spec.kind == "serial"
    )
    if spec.kind == "sim":
        yield warning("reader", tr("card.doctor.simulated"), tr("card.doctor.fix_config"))


def _pcsc(*, required: bool) -> Iterable[Check]:
    try:
        from devices.cards.pcsc_reader import describe_readers

        readers = describe_readers()
    except (ImportError, CardError) as e:
        text = e.text() if isinstance(e, CardError) else str(e)
        make = failure if required else warning
        yield make("pcsc", text, tr("card.doctor.fix_pcscd"))
        return
    if not readers:
        make = failure if required else warning
        yield make("pcsc", tr("card.failure.no_reader"), tr("card.doctor.fix_plug"))
        return
    yield ok(
        "pcsc",
        tr("card.doctor.pcsc_ok", count=len(readers), names="; ".join(r.name for r in readers)),
    )


def _serial(port: str | None, *, required: bool) -> Iterable[Check]:
    try:
        from serial.tools import list_ports
    except ImportError as e:
        yield failure("serial", str(e), tr("card.doctor.fix_reinstall"))
        return
    ports = [q.device for q in list_ports.comports()]
    if port and port not in ports:
        yield failure(
            "serial",
            tr("card.doctor.port_missing", port=port, ports=", ".join(ports) or "—"),
            tr("card.doctor.fix_plug"),
        )
    elif required and not ports:
        yield failure("serial", tr("card.doctor.no_ports"), tr("card.doctor.fix_plug"))
    else:
        yield ok("serial", tr("card.doctor.ports", ports=", ".join(ports) or "—"))
