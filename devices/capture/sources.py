"""Which device option settings mean flatbed, feeder or duplex, per scanner model.

A source option's values are labels a backend may translate or reword between versions
("ADF", "ADF Front", "Automatic Document Feeder"), so the program never guesses from the
words: a table, per SANE backend (the part of the device name before ':'), optionally per
model, names the exact settings, each taken from the backend's source; the device's own
option constraints then decide which of those this unit offers (a flatbed-only model of
a family drops the feeder). A backend not in the table offers its default source only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from devices.capture.base import Source

Settings = tuple[tuple[str, str], ...]  # (option name, value) pairs, applied in order

_FRONT_DUPLEX: dict[Source, Settings] = {
    Source.FLATBED: (("source", "Flatbed"),),
    Source.FEEDER: (("source", "ADF Front"),),
    Source.DUPLEX: (("source", "ADF Duplex"),),
}

# backend -> source -> settings; (backend, model) entries override the backend's.
MAPPING: dict[str, dict[Source, Settings]] = {
    # sane-backends backend/test.c: "Flatbed", "Automatic Document Feeder" (no duplex)
    "test": {
        Source.FLATBED: (("source", "Flatbed"),),
        Source.FEEDER: (("source", "Automatic Document Feeder"),),
    },
    # fujitsu.c, canon_dr.c, avision.c, epsonds.c: the "ADF Front"/"ADF Duplex" family
    "fujitsu": _FRONT_DUPLEX,
    "canon_dr": _FRONT_DUPLEX,
    "avision": _FRONT_DUPLEX,
    "epsonds": _FRONT_DUPLEX,
    # escl.c (driverless AirScan/Mopria devices, most new office MFPs)
    "escl": {
        Source.FLATBED: (("source", "Flatbed"),),
        Source.FEEDER: (("source", "ADF"),),
        Source.DUPLEX: (("source", "ADF Duplex"),),
    },
    # epson2.c: the feeder is one source, duplex a separate adf-mode option
    "epson2": {
        Source.FLATBED: (("source", "Flatbed"),),
        Source.FEEDER: (("source", "Automatic Document Feeder"), ("adf-mode", "Simplex")),
        Source.DUPLEX: (("source", "Automatic Document Feeder"), ("adf-mode", "Duplex")),
    },
    # pixma.c
    "pixma": {
        Source.FLATBED: (("source", "Flatbed"),),
        Source.FEEDER: (("source", "Automatic Document Feeder"),),
        Source.DUPLEX: (("source", "ADF Duplex"),),
    },
}
MODEL_MAPPING: dict[tuple[str, str], dict[Source, Settings]] = {}


@dataclass(frozen=True)
class OptionInfo:
    """One option as the device describes it: its value list (a string-list constraint),
    or () when it has none; ``settable`` is False for read-only or inactive options."""

    name: str
    values: tuple[str, ...]
    settable: bool = True


def offered_sources(
    device: str, model: str, options: Mapping[str, OptionInfo]
) -> dict[Source, Settings]:
    """The sources this device offers and the settings that select each."""
    backend = device.split(":", 1)[0]
    table = MODEL_MAPPING.get((backend, model)) or MAPPING.get(backend)
    if table is None:
        # Unknown model: scan from whatever it is set to, feed nothing we cannot name.
        return {Source.FLATBED: ()}
    offered = {s: st for s, st in table.items() if _allowed(st, options)}
    if Source.FLATBED not in offered and not offered:
        return {Source.FLATBED: ()}
    return offered


def _allowed(settings: Sequence[tuple[str, str]], options: Mapping[str, OptionInfo]) -> bool:
    for name, value in settings:
        option = options.get(name)
        if option is None or not option.settable:
            return False
        if option.values and value not in option.values:
            return False
    return True


def is_feeder(source: Source) -> bool:
    return source in (Source.FEEDER, Source.DUPLEX)
