"""Scans nobody will send: captured for a case that was never decided (the draft discarded or
purged), so no case lists them. They hold a citizen's papers; they go once older than the
drafts they could still belong to (``draft_keep_days``), never while a draft or a case names
them."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from terminal import journal
from terminal.attachments import files
from terminal.store import Store

log = logging.getLogger(__name__)


def sweep_unlisted(
    store: Store, folder: Path, *, keep_days: int, terminal_id: str, at: datetime
) -> int:
    """Delete scans no case lists and no open draft names, older than ``keep_days``; the count.
    Run after the drafts are purged, so a purged draft's scans go with it."""
    cutoff = (at - timedelta(days=keep_days)).timestamp()
    listed = {r[0] for r in store.conn.execute("SELECT sha256 FROM attachment_uploads")}
    drafts = " ".join(r[0] for r in store.conn.execute("SELECT payload FROM drafts"))
    old = [
        sha256
        for sha256, _ in files.stored(folder)
        if sha256 not in listed
        and sha256 not in drafts
        and files.path_of(folder, sha256).stat().st_mtime < cutoff
    ]
    if not old:
        return 0
    freed = sum(files.remove_file(folder, sha256) for sha256 in old)
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor="system",
            terminal=terminal_id,
            action="attachments.unlisted_removed",
            subject="attachments",
            details={"count": len(old), "bytes": freed, "keep_days": keep_days},
        )
    log.info("%d scans no case lists, older than %d days, removed", len(old), keep_days)
    return len(old)
