"""A card read reaches the journal from the window and the kiosk alike, through the store
worker: the GUI thread only hands the facts over (no SQLite here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from terminal import card_reads
from terminal.clock import now
from ui.context import AppContext

if TYPE_CHECKING:
    from devices.cards.events import CardEvent


def journal_card_event(ctx: AppContext, event: CardEvent, actor: str) -> None:
    """Record a read or a failed read; other reader events (attached, removed) are not reads."""
    from devices.cards import events as ev

    if isinstance(event, ev.DocumentRead):
        card_type, outcome = event.document.kind.value, "read"
    elif isinstance(event, ev.CardFailure):
        card_type, outcome = "", event.kind.value
    else:
        return
    reader = card_reads.reader_kind(ctx.config.reader)
    terminal, at = ctx.config.terminal_id, now()
    ctx.store_jobs.submit(
        lambda store: card_reads.record(
            store,
            reader=reader,
            card_type=card_type,
            outcome=outcome,
            actor=actor,
            terminal=terminal,
            at=at,
        )
    )
