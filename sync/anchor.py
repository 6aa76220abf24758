"""The journal anchored at the portal, the terminal's side.

The journal's own chain proves that no entry was edited or removed in the middle,
but not that the whole journal is the one the terminal always had: a store started
afresh, restored from an old backup or cut short has a consistent chain too. So
each online pass reports the journal's head to the portal, which keeps the latest
one it acknowledged (sync/portal/anchor.py). The report names the head the portal
last acknowledged (``since``); if the portal keeps another one, this journal must
contain that very entry (same seq, same hash), or it is not the journal the
portal knew: a fork, which ``sync status``, ``doctor`` and ``journal verify`` say.
A lost acknowledgement is not a fork: the journal still holds the kept entry, and
the report is made again from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sync import state
from sync.client import PortalClient, Timeouts
from sync.errors import LinkDown, SyncError
from sync.report import fork_text
from terminal import journal
from terminal.clock import now as clock_now
from terminal.clock import stamp
from terminal.i18n import tr
from terminal.store import Store

STATE_KEY = "journal_anchor"


def _holds(conn: Any, kept: dict[str, Any] | None) -> bool:
    return kept is None or journal.hash_at(conn, int(kept["seq"])) == kept["hash"]


def report(store: Store, client: PortalClient, *, terminal: str, at: datetime) -> bool:
    """Report the head; False when the portal's record is not in this journal (a fork)."""
    conn = store.conn
    seq, digest = journal.head(conn)
    last = state.get(conn, STATE_KEY) or {}
    since = last.get("acked")
    accepted, kept = client.journal_head(seq, digest, since)
    if not accepted and kept is not None and _holds(conn, kept):
        # Only our record of the last acknowledgement was behind (its answer was lost):
        # this journal does continue the portal's record, so say so from there.
        since = kept
        accepted, kept = client.journal_head(seq, digest, since)
    with store.write():
        if accepted:
            state.put(conn, STATE_KEY, {"state": "ok", "acked": kept, "at": stamp(at)})
            return True
        local = {"seq": seq, "hash": digest}
        state.put(
            conn,
            STATE_KEY,
            {"state": "fork", "acked": since, "kept": kept, "local": local, "at": stamp(at)},
        )
        if last.get("state") != "fork":
            journal.append(
                conn,
                at=at,
                actor="system",
                terminal=terminal,
                action="journal.anchor_fork",
                subject="journal",
                details={"portal_seq": kept["seq"] if kept else None, "local_seq": seq},
            )
    return False


@dataclass(frozen=True)
class AnchorCheck:
    ok: bool | None  # None: nothing to compare with yet
    message: str


def check(data_dir: Path, conn: Any) -> AnchorCheck:
    """For ``tongban journal verify``: this journal against the portal's record, asked now
    when the portal answers, else against what the last online pass recorded."""
    from sync.keys import load_key

    try:
        key = load_key(data_dir)
    except SyncError:
        return AnchorCheck(None, tr("sync.anchor.never"))
    client = PortalClient(key.portal_url, key, timeouts=Timeouts(connect=3.0, read=5.0, total=8.0))
    try:
        kept = client.kept_journal_head()
        prefix = ""
    except LinkDown:
        recorded = state.get(conn, STATE_KEY) or {}
        if not recorded:
            return AnchorCheck(None, tr("sync.anchor.never"))
        kept = recorded.get("kept") if recorded.get("state") == "fork" else recorded.get("acked")
        prefix = tr("sync.anchor.offline", at=recorded.get("at", "-")) + " "
    finally:
        client.close()
    if kept is None:
        return AnchorCheck(None, prefix + tr("sync.anchor.never"))
    if _holds(conn, kept):
        return AnchorCheck(True, prefix + tr("sync.anchor.ok", seq=kept["seq"], at=clock_now()))
    return AnchorCheck(False, prefix + fork_text(state.fork_facts(conn, kept)))
