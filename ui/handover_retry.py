"""出件 signed and sent whose answer never came (a cut), kept while this window lives.

The dialog may be closed before the link is back. Opened again for that case, it sends the
very same request (id, time, signature, letter): the portal replays what it decided and this
window records it. A new request would be told "taken here" by the portal, leaving the
handover unrecorded at this window, its receipt unprinted and its 委托书 never uploaded."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

# By window, then case: the dialog's state, as it was sent. Gone with the window.
_unconfirmed: WeakKeyDictionary[object, dict[str, dict[str, Any]]] = WeakKeyDictionary()
KEPT = ("id", "at", "envelope", "collector", "signed_text", "mailing", "letter", "case", "last4")


def settle(window: object, case_id: str, state: dict[str, Any], answer: object) -> None:
    """After the portal's answer: kept when the link failed (sent, perhaps taken), dropped
    once the portal decided, either way."""
    from sync.errors import LinkDown

    mine = _unconfirmed.setdefault(window, {})
    if isinstance(answer, LinkDown):
        mine[case_id] = {k: state[k] for k in KEPT if k in state}
    else:
        mine.pop(case_id, None)


def earlier(window: object, case_id: str) -> dict[str, Any] | None:
    return _unconfirmed.get(window, {}).get(case_id)


def newest(window: object) -> dict[str, Any] | None:
    """The last one left unconfirmed at this window, to offer when the dialog opens."""
    mine = list(_unconfirmed.get(window, {}).values())
    return mine[-1] if mine else None
