"""Drafts: the case being captured, saved on every edit so a crash or power loss loses
nothing; one per citizen, purged after days because they hold details nobody came back for."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from typing import Any

from terminal import journal, logs
from terminal.clock import stamp
from terminal.identity import mask_name, normalise_id_number
from terminal.store import Store

log = logs.get("cases")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def save_draft(
    store: Store,
    draft_id: str,
    *,
    terminal_id: str,
    clerk: str,
    intake_code: str | None,
    payload: dict[str, Any],
    at: datetime,
) -> None:
    """Autosave: called on every edit, cheap, durable (WAL + synchronous=FULL).

    One draft per citizen: an older draft of the same ID number is replaced by this one (it
    is the same person's earlier try, and two would be two cases for one visit)."""
    holder = _draft_holder(payload)
    with store.write() as db:
        if holder is not None:
            for other, kept in _all_drafts(store.conn):
                if other != draft_id and _draft_holder(kept) == holder:
                    db.execute("DELETE FROM drafts WHERE id = ?", [other])
        db.execute(
            "INSERT INTO drafts (id, terminal_id, clerk, intake_code, payload, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET intake_code = excluded.intake_code,"
            " payload = excluded.payload, updated_at = excluded.updated_at",
            [draft_id, terminal_id, clerk, intake_code, _json(payload), stamp(at)],
        )


def open_drafts(store: Store, terminal_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Drafts left by a crash or power loss: (id, updated_at, payload), newest first."""
    rows = store.conn.execute(
        "SELECT id, updated_at, payload FROM drafts WHERE terminal_id = ? ORDER BY updated_at DESC",
        (terminal_id,),
    ).fetchall()
    return [(r[0], r[1], json.loads(r[2])) for r in rows]


def _draft_holder(payload: dict[str, Any]) -> str | None:
    applicant = payload.get("applicant")
    number = applicant.get("id_number") if isinstance(applicant, dict) else None
    return normalise_id_number(number) if isinstance(number, str) and number else None


def draft_of(store: Store, id_number: str) -> tuple[str, dict[str, Any]] | None:
    """This citizen's kept draft, if any: (id, payload). Drafts are few (one per citizen,
    purged after days), so they are read and compared here rather than indexed."""
    wanted = normalise_id_number(id_number)
    for draft_id, payload in _all_drafts(store.conn):
        if _draft_holder(payload) == wanted:
            return draft_id, payload
    return None


def _all_drafts(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    rows = conn.execute("SELECT id, payload FROM drafts ORDER BY updated_at DESC").fetchall()
    return [(r[0], json.loads(r[1])) for r in rows]


def draft_holder_masked(payload: dict[str, Any]) -> str:
    """Whose draft, as a list or a prompt may show it: 张*, never the number."""
    applicant = payload.get("applicant")
    name = applicant.get("name") if isinstance(applicant, dict) else None
    return mask_name(name) if isinstance(name, str) else ""


def purge_drafts(
    store: Store, *, keep_days: int, terminal_id: str, actor: str, at: datetime
) -> int:
    """Drafts older than ``keep_days`` are deleted (they hold a citizen's details nobody came
    back for); the journal gets their count, nothing personal."""
    cutoff = stamp(at - timedelta(days=keep_days))
    with store.write():
        gone = store.conn.execute("DELETE FROM drafts WHERE updated_at < ?", (cutoff,)).rowcount
        if gone:
            journal.append(
                store.conn,
                at=at,
                actor=actor,
                terminal=terminal_id,
                action="drafts.purged",
                subject="drafts",
                details={"count": gone, "keep_days": keep_days},
            )
    if gone:
        log.info("%d drafts older than %d days purged", gone, keep_days)
    return int(gone)


def discard_draft(store: Store, draft_id: str) -> None:
    with store.write() as db:
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
