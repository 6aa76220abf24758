"""Card reads on the record (N3): which reader, which kind of card, the masked number, and how
it went. Never the name or the whole number. Written by the window's store worker, off the
GUI thread; the device layer reports, the core records."""

from __future__ import annotations

from datetime import datetime

from terminal import journal
from terminal.store import Store


def record(
    store: Store,
    *,
    reader: str,
    card_type: str,
    masked_number: str,
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
            details={"card_type": card_type, "number": masked_number, "outcome": outcome},
        )


def reader_kind(setting: str) -> str:
    """The reader as configured (``serial:/dev/ttyUSB0`` → ``serial``): no device paths in
    the journal, which travels to support in the bundle."""
    return setting.partition(":")[0] or "-"
