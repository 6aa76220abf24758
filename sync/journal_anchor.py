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
from sync.errors import LinkDown, SyncError
from sync.link import protocol
from sync.link.client import PortalClient, Timeouts
from sync.report import fork_text
from terminal import journal
from terminal.clock import now as clock_now
from terminal.clock import stamp
from terminal.i18n import tr
from terminal.store import Store

STATE_KEY = "journal_anchor"


def report_head(
    client: PortalClient, seq: int, digest: str, since: dict[str, Any] | None
) -> tuple[bool, int | None]:
    """Report the journal's head; (True, seq) when the portal moved its record to it,
    (False, the kept entry's number) when the report does not continue it (a fork)."""
    body = protocol.canonical_json({"seq": seq, "hash": digest, "since": since})
    reply = client.send("POST", protocol.PATH_JOURNAL_HEAD, body)
    if reply.status == 409 and reply.problem_name == "journal-fork":
        kept = reply.problem().get("kept_seq")
        return False, kept if isinstance(kept, int) else None
    client.raise_for_link(reply)
    data = reply.json()
    if reply.status != 200 or not isinstance(data, dict):
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    if data.get("kept") != {"seq": seq, "hash": digest}:
        raise LinkDown("sync.link.wrong_ack", reached=True, status=reply.status)
    return True, seq


def kept_head(
    client: PortalClient, seq: int | None = None, digest: str | None = None
) -> dict[str, Any]:
    """The number of the entry the portal keeps for this terminal (``kept_seq``, None:
    none yet), and with ``seq``/``digest``, whether that is the kept entry (``holds``)."""
    query = "" if seq is None else f"?seq={seq}&hash={digest}"
    reply = client.send("GET", protocol.PATH_JOURNAL_HEAD + query)
    client.raise_for_link(reply)
    data = reply.json()
    if reply.status != 200 or not isinstance(data, dict) or "kept_seq" not in data:
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    return dict(data)


def _at(conn: Any, seq: int) -> dict[str, Any] | None:
    digest = journal.hash_at(conn, seq)
    return None if digest is None else {"seq": seq, "hash": digest}


def report(store: Store, client: PortalClient, *, terminal: str, at: datetime) -> bool:
    """Report the head; False when this journal does not continue the portal's record."""
    conn = store.conn
    seq, digest = journal.head(conn)
    last = state.get(conn, STATE_KEY) or {}
    since = last.get("acked")
    accepted, kept_seq = report_head(client, seq, digest, since)
    if not accepted and kept_seq is not None and _at(conn, kept_seq) is not None:
        # Perhaps only our record of the last acknowledgement is behind (its answer was
        # lost): continue from this journal's own entry at the portal's number. A journal
        # that is not the one the portal knew has another entry there, and is refused again.
        since = _at(conn, kept_seq)
        accepted, kept_seq = report_head(client, seq, digest, since)
    with store.write():
        if accepted:
            acked = {"seq": seq, "hash": digest}
            state.put(conn, STATE_KEY, {"state": "ok", "acked": acked, "at": stamp(at)})
            return True
        state.put(
            conn,
            STATE_KEY,
            {"state": "fork", "acked": since, "kept_seq": kept_seq, "at": stamp(at)},
        )
        if last.get("state") != "fork":
            journal.append(
                conn,
                at=at,
                actor="system",
                terminal=terminal,
                action="journal.anchor_fork",
                subject="journal",
                details={"portal_seq": kept_seq, "local_seq": seq},
            )
    return False


@dataclass(frozen=True)
class AnchorCheck:
    ok: bool | None  # None: nothing to compare with yet
    message: str


def check(data_dir: Path, conn: Any) -> AnchorCheck:
    """For ``tongban journal verify``: this journal against the portal's record, asked now
    when the portal answers, else against what the last online pass recorded."""
    from sync.link.keys import load_key

    try:
        key = load_key(data_dir)
    except SyncError:
        return AnchorCheck(None, tr("sync.anchor.never"))
    client = PortalClient(key.portal_url, key, timeouts=Timeouts(connect=3.0, read=5.0, total=8.0))
    try:
        kept_seq = kept_head(client).get("kept_seq")
        mine = _at(conn, kept_seq) if isinstance(kept_seq, int) else None
        holds = bool(mine and kept_head(client, mine["seq"], mine["hash"]).get("holds"))
        prefix = ""
    except LinkDown:
        recorded = state.get(conn, STATE_KEY) or {}
        if not recorded:
            return AnchorCheck(None, tr("sync.anchor.never"))
        prefix = tr("sync.anchor.offline", at=recorded.get("at", "-")) + " "
        acked = recorded.get("acked") or {}
        if recorded.get("state") == "fork":
            kept_seq, holds = recorded.get("kept_seq"), False
        else:
            kept_seq = acked.get("seq")
            holds = isinstance(kept_seq, int) and _at(conn, kept_seq) == acked
    finally:
        client.close()
    if not isinstance(kept_seq, int):
        return AnchorCheck(None, prefix + tr("sync.anchor.never"))
    if holds:
        return AnchorCheck(True, prefix + tr("sync.anchor.ok", seq=kept_seq, at=clock_now()))
    return AnchorCheck(False, prefix + fork_text(state.fork_facts(conn, kept_seq)))
