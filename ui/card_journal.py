"""A card read reaches the journal from the window and the kiosk alike, through the store
worker: the GUI thread only hands the facts over (no SQLite here)."""

from __future__ import annotations

from terminal import card_reads
from terminal.clock import now
from ui.context import AppContext


def journal_card_event(ctx: AppContext, event: object, actor: str) -> None:
    """Record a read or a failed read; other reader events (attached, removed) are not reads."""
    from devices.cards import events as ev

    if isinstance(event, ev.DocumentRead):
        card_type = event.document.kind.value
        masked, outcome = event.document.masked_id(), "read"
    elif isinstance(event, ev.CardFailure):
        card_type, masked, outcome = "", "", event.kind.value
    else:
        return
    reader = card_reads.reader_kind(ctx.config.reader)
    terminal, at = ctx.config.terminal_id, now()
    ctx.store.submit(
        lambda store: card_reads.record(
            store,
            reader=reader,
            card_type=card_type,
            masked_number=masked,
            outcome=outcome,
            actor=actor,
            terminal=terminal,
            at=at,
        )
    )
