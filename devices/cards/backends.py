"""From the config's ``reader`` value (or ``--backend``) to a backend object.

``sim`` | ``serial`` | ``serial:PORT`` | ``serial:PORT@BAUD`` | ``pcsc`` | ``pcsc:READER``.
Each backend's library is imported only when chosen, so starting the program
with the simulated reader never loads pyscard or pyserial.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.cards.backend import CardBackend
from devices.cards.errors import DecodeError

DEFAULT_BAUD = 115_200


@dataclass(frozen=True)
class BackendSpec:
    kind: str  # sim, serial or pcsc
    target: str | None = None  # the port or the reader name
    baud: int = DEFAULT_BAUD

    def __str__(self) -> str:
        if self.kind == "serial" and self.target and self.baud != DEFAULT_BAUD:
            return f"serial:{self.target}@{self.baud}"
        return f"{self.kind}:{self.target}" if self.target else self.kind


def parse_spec(text: str) -> BackendSpec:
    kind, _, target = text.strip().partition(":")
    if kind == "sim" and not target:
        return BackendSpec("sim")
    if kind == "pcsc":
        return BackendSpec("pcsc", target or None)
    if kind == "serial":
        port, at, baud = target.rpartition("@") if "@" in target else (target, "", "")
        if at and not (baud.isdigit() and 1200 <= int(baud) <= 921_600):
            raise DecodeError("card.backend.bad_baud", value=baud)
        return BackendSpec("serial", port or None, int(baud) if at else DEFAULT_BAUD)
    raise DecodeError("card.backend.unknown", value=text)


def open_backend(spec: BackendSpec, *, timeout: float | None = None) -> CardBackend:
    """The backend for ``spec``; nothing touches the hardware until the device thread scans."""
    if spec.kind == "sim":
        from devices.cards.simulated import SimulatedReader

        return SimulatedReader()
    if spec.kind == "pcsc":
        from devices.cards.pcsc_reader import PcscReader

        return PcscReader(spec.target)
    from devices.cards.serial_link import DEFAULT_TIMEOUT
    from devices.cards.serial_reader import SerialReader

    return SerialReader(spec.target, spec.baud, timeout=timeout or DEFAULT_TIMEOUT)
