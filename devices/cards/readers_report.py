"""What ``tongban card readers`` prints: every reader and serial port seen, each with its state.

Only the configured serial port (and, with ``--probe``, every USB-serial port)
is sent a GA 467 "SAM status" query: other serial devices in a hall, such as
queue displays, should not receive bytes they do not expect.
"""

from __future__ import annotations

from devices.cards.backends import BackendSpec, parse_spec
from devices.cards.errors import CardError, DecodeError
from terminal.i18n import tr


def report_lines(configured: str, *, probe_all: bool = False) -> list[str]:
    try:
        spec: BackendSpec | None = parse_spec(configured)
    except DecodeError:
        spec = None
    lines = [tr("card.readers.configured", reader=configured), tr("card.readers.sim")]
    lines.append(tr("card.readers.pcsc_heading"))
    lines += _pcsc_lines()
    lines.append(tr("card.readers.serial_heading"))
    lines += _serial_lines(spec, probe_all)
    return lines


def _pcsc_lines() -> list[str]:
    try:
        from devices.cards.pcsc_reader import describe_readers
    except ImportError:
        return ["  " + tr("card.readers.library_missing", library="pyscard")]
    try:
        readers = describe_readers()
    except CardError as e:
        return ["  " + e.text()]
    if not readers:
        return ["  " + tr("card.failure.no_reader")]
    return [
        f"  {r.name}: "
        + (
            tr("card.readers.card_in", atr=r.atr.hex(" ").upper())
            if r.card_present
            else tr("card.readers.empty")
        )
        for r in readers
    ]


def _serial_lines(spec: BackendSpec | None, probe_all: bool) -> list[str]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return ["  " + tr("card.readers.library_missing", library="pyserial")]
    configured = spec.target if spec and spec.kind == "serial" else None
    baud = spec.baud if spec else 115_200
    ports = {p.device: (p.description, p.vid is not None) for p in list_ports.comports()}
    if configured and configured not in ports:
        ports[configured] = ("", True)
    if not ports:
        return ["  " + tr("card.readers.no_ports")]
    lines = []
    for device, (description, usb) in sorted(ports.items()):
        label = f"  {device}" + (
            f" ({description})" if description and description != "n/a" else ""
        )
        if device == configured or (probe_all and usb):
            lines.append(f"{label}: {_probe(device, baud)}")
        else:
            lines.append(f"{label}: {tr('card.readers.not_probed')}")
    return lines


def _probe(port: str, baud: int) -> str:
    from devices.cards.serial_reader import SerialReader

    reader = SerialReader(port, baud, timeout=0.5)
    try:
        reader.sam_status()
        return tr("card.readers.ga467_ready", sam=reader.sam_id(), baud=baud)
    except CardError as e:
        return e.text()
    finally:
        reader.close()
