"""Calls for help from a kiosk through the hall queue: to the portal while it answers.

Online the portal keeps the call and feeds it to every clerk's panel in the hall.
Offline the call is kept in this store only (``terminal.hall.help``): the panels that
read this store show it, no other; and it is not sent later, since a call for help
that arrives late sends a clerk to nobody. The kiosk says which of the two happened.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.errors import LinkDown
from sync.link import protocol
from terminal.hall import help as hall_help
from terminal.hall.help import HELP_FORMAT, Help

if TYPE_CHECKING:
    from sync.hall.operations import HallQueue


@dataclass(frozen=True)
class HelpResult:
    help: Help
    online: bool = False  # False: kept here only, no other window heard it


def path_help_action(help_id: str, action: str) -> str:
    return f"{protocol.PATH_QUEUE_HELP}/{help_id}/{action}"


def raise_help(queue: HallQueue, place: str) -> HelpResult:
    help_id = str(uuid.uuid4())
    body = {"format": HELP_FORMAT, "help_id": help_id, "place": place}
    try:
        answer = queue.direct(protocol.PATH_QUEUE_HELP, help_id, body)
    except LinkDown:
        answer = None
    if answer is not None:
        with queue.store.write():
            found = hall_help.mirror(queue.store.conn, answer["help"])
        return queue.done_with(HelpResult(found, online=True))
    found = hall_help.raise_local(
        queue.store, help_id, place=place, terminal=queue.terminal, at=queue.now()
    )
    return queue.done_with(HelpResult(found))


def answer_help(queue: HallQueue, help_id: str, action: str) -> HelpResult:
    """This window is coming (``coming``), or the citizen has been helped (``done``)."""
    known = hall_help.get(queue.store.conn, help_id)
    if known is None or known.origin == "portal":  # not heard here yet: the portal knows
        body = {"format": HELP_FORMAT, "help_id": help_id, "window": queue.window}
        try:
            answer = queue.direct(path_help_action(help_id, action), str(uuid.uuid4()), body)
        except LinkDown:
            answer = None
        if answer is not None:
            with queue.store.write():
                found = hall_help.mirror(queue.store.conn, answer["help"])
            return queue.done_with(HelpResult(found, online=True))
    # Raised offline here, or the portal not answering now: this store's panels see it.
    found = hall_help.act_local(
        queue.store,
        help_id,
        action,
        window=queue.window,
        terminal=queue.terminal,
        at=queue.now(),
    )
    return queue.done_with(HelpResult(found))
