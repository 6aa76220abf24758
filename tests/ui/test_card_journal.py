"""Card reads are on the record (reader, card type, outcome), written by the store worker,
never with the name or any part of the number (not even the last four: with a receipt number
they open a case's status at the kiosk)."""

from __future__ import annotations

from devices.cards.errors import CardError, FailureKind
from devices.cards.events import CardFailure, DocumentRead
from terminal import journal
from terminal.store import Store
from ui.demo import sample_cards
from ui.main_window import MainWindow


def test_a_read_and_a_failed_read_are_journaled_masked(
    window: MainWindow, reader_store: Store
) -> None:
    card = sample_cards()[0]
    window.on_card_event(
        DocumentRead("sim", card, (), seen_at=0.0, read_seconds=0.1, wire_seconds=0.05)
    )
    window.on_card_event(
        CardFailure(FailureKind.CARD_UNREADABLE, CardError(FailureKind.CARD_UNREADABLE), "sim")
    )
    assert window.ctx.store_jobs.wait_idle()
    entries = [e for e in journal.recent(reader_store.conn, 20) if e.action.startswith("card.")]
    failed, read = entries
    assert (read.action, read.actor, read.subject) == ("card.read", "wang.li", "sim")
    assert read.details == {"card_type": card.kind.value, "outcome": "read"}
    assert failed.action == "card.failed" and failed.details["outcome"] == "card_unreadable"
    everything = str([(e.subject, e.details) for e in journal.recent(reader_store.conn, 50)])
    assert card.id_number not in everything and card.name not in everything
    assert card.id_number[-4:] not in everything
    assert journal.verify(reader_store.conn).ok
