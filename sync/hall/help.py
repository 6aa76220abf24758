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


PAGES_PER_LOOK = 5  # a look reads at most this many pages of the hall's queue feed


def heard(queue: HallQueue, help_id: str) -> HelpResult | None:
    """The call as the portal has it now: the hall's queue feed since the call's own entry,
    read for this call only (no cursor moves: the sync worker's pull still applies all of
    it). A kiosk listens to nothing else, so without this it would learn that a window is
    coming only at its next sync pass. None: not known here."""
    conn = queue.store.conn
    row = conn.execute(
        "SELECT portal_seq, origin FROM queue_help WHERE id = ?", (help_id,)
    ).fetchone()
    if row is None:
        return None
    after, origin = int(row[0]), str(row[1])
    online = False
    if origin == "portal" and queue.client is not None:
        try:
            for _ in range(PAGES_PER_LOOK):
                page = queue.client.changes(after, 200, topic="queue")
                news = [
                    c["data"] | {"seq": c["seq"]}
                    for c in page["changes"]
                    if c.get("kind") == "queue.help"
                    and isinstance(c.get("data"), dict)
                    and c["data"].get("help_id") == help_id
                ]
                if news:
                    with queue.store.write():
                        for data in news:
                            hall_help.mirror(conn, data)
                after = max([after] + [int(c["seq"]) for c in page["changes"]])
                online = True
                if not page["more"]:
                    break
        except (LinkDown, KeyError, TypeError, ValueError):
            online = False  # the feed will bring it; say what is known here
    found = hall_help.get(conn, help_id)
    return HelpResult(found, online=online) if found is not None else None
