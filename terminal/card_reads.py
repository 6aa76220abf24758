"""Card reads on the record (N3): which reader, which kind of card, and how it went. Never the
name, and no part of the number either: a receipt number and the ID number's last four are
the kiosk's credential for a case's status and its rating, and the journal sits beside the
receipt numbers and goes to support in the doctor's bundle. The screens keep the masked
number (``310104********1234``), where a clerk needs it. Written by the window's store
worker, off the GUI thread; the device layer reports, the core records."""

from __future__ import annotations

from datetime import datetime

from terminal import journal
from terminal.store import Store


def record(
    store: Store,
    *,
    reader: str,
    card_type: str,
    outcome: str,
    actor: str,
    terminal: str,
    at: datetime,
) -> None:
    """``outcome``: ``read``, or the failure's kind (``card_unreadable``, ``removed_early``...)."""
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="card.read" if outcome == "read" else "card.failed",
            subject=reader or "-",
            details={"card_type": card_type, "outcome": outcome},
        )


def reader_kind(setting: str) -> str:
    """The reader as configured (``serial:/dev/ttyUSB0`` → ``serial``): no device paths in
    the journal, which travels to support in the bundle."""
    return setting.partition(":")[0] or "-"
