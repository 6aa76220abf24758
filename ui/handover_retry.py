"""出件 signed and sent whose answer never came (a cut), kept for this window's session.

The dialog may be closed before the link is back. Opened again for that case, it sends the
very same request (id, time, signature, letter): the portal replays what it decided and this
window records it. A new request would be told "taken here" by the portal, leaving the
handover unrecorded at this window, its receipt unprinted and its 委托书 never uploaded."""

from __future__ import annotations

from typing import Any

# By (terminal, case): the dialog's state, as it was sent.
_unconfirmed: dict[tuple[str, str], dict[str, Any]] = {}
KEPT = ("id", "at", "envelope", "collector", "signed_text", "mailing", "letter", "case", "last4")


def settle(terminal_id: str, case_id: str, state: dict[str, Any], answer: object) -> None:
    """After the portal's answer: kept when the link failed (sent, perhaps taken), dropped
    once the portal decided, either way."""
    from sync.errors import LinkDown

    if isinstance(answer, LinkDown):
        _unconfirmed[(terminal_id, case_id)] = {k: state[k] for k in KEPT if k in state}
    else:
        _unconfirmed.pop((terminal_id, case_id), None)


def earlier(terminal_id: str, case_id: str) -> dict[str, Any] | None:
    return _unconfirmed.get((terminal_id, case_id))


def newest(terminal_id: str) -> dict[str, Any] | None:
    """The last one left unconfirmed at this window, to offer when the dialog opens."""
    mine = [s for (t, _c), s in _unconfirmed.items() if t == terminal_id]
    return mine[-1] if mine else None
