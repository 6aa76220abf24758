"""好差评 ratings: five levels, tied to the case, uploaded exactly once through the outbox."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from terminal import casebook, journal
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.store import Store

OUTBOX_RATING_PUSH = "rating.push"
LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
CHANNELS = ("counter", "kiosk")


class RatingRefused(TongbanError):
    pass


def record_rating(
    store: Store,
    case_key: str,
    level: int,
    comment: str,
    *,
    channel: str,
    terminal: str,
    actor: str,
    at: datetime,
) -> str:
    """Store one rating with its outbox row and journal entry; one rating per case."""
    if level not in LEVELS:
        raise RatingRefused("rating.bad_level", level=level)
    if channel not in CHANNELS:
        raise RatingRefused("rating.bad_channel", channel=channel)
    case = casebook.find(store, case_key)
    rating_id = str(uuid.uuid4())
    body = {
        "format": "tongban.rating/1",
        "rating_id": rating_id,
        "case_id": case.id,
        "receipt_no": case.receipt_no,
        "level": level,
        "comment": comment.strip()[:500],
        "channel": channel,
        "rated_at": stamp(at),
    }
    with store.write():
        if store.conn.execute("SELECT 1 FROM ratings WHERE case_id = ?", (case.id,)).fetchone():
            raise RatingRefused("rating.already", receipt=case.receipt_no)
        store.conn.execute(
            "INSERT INTO ratings (id, case_id, level, comment, channel, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (rating_id, case.id, level, body["comment"], channel, stamp(at)),
        )
        store.conn.execute(
            "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at) VALUES (?, ?, ?, ?, ?)",
            (
                case.id,
                OUTBOX_RATING_PUSH,
                rating_id,
                json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                stamp(at),
            ),
        )
        journal.append(
            store.conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="rating.recorded",
            subject=case.id,
            details={"rating": rating_id, "level": level, "channel": channel},
        )
    return rating_id
