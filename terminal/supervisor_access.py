"""Who may see the supervisor's view (监督 → 主管视图) and every clerk's deadline cards.

A supervisor or an admin (docs/window.md, "Who may do what"). A clerk sees their own cards
only; one who reaches the view (its shortcut, ``tongban cards``) is refused in a sentence
naming the role needed, and the attempt is journaled (``supervision.refused``).
"""

from __future__ import annotations

from datetime import datetime

from terminal import journal
from terminal.clerks import Clerk, Role
from terminal.i18n import TongbanError
from terminal.store import Store

MAY_SUPERVISE = (Role.SUPERVISOR, Role.ADMIN)


class SupervisionRefused(TongbanError):
    pass


def may_supervise(clerk: Clerk | None) -> bool:
    return clerk is not None and clerk.role in MAY_SUPERVISE


def refuse(store: Store, who: Clerk | None, *, terminal: str, at: datetime) -> None:
    """Journal the attempt, then raise the sentence the person is told."""
    name = who.username if who else "-"
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor=name,
            terminal=terminal,
            action="supervision.refused",
            subject="-",
            details={"role": who.role.value if who else "-"},
        )
    raise SupervisionRefused("supervision.not_supervisor", username=name)
