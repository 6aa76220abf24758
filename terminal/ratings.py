"""好差评 ratings: five levels, tied to the case, uploaded exactly once through the outbox."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from terminal import casebook, followups, journal
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.identity import last_four
from terminal.store import Store

OUTBOX_RATING_PUSH = "rating.push"
LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
CHANNELS = ("counter", "kiosk")
# 不满意 and 非常不满意 ask why, from these (the national 好差评 asks a low rating's reason).
LOW = (2, 1)
# key → the reason as stored (Chinese, whatever language the citizen read it in). The reason
# goes in the rating's comment, first, in 【】: the portal's rating format has no field of
# its own for it, and the comment is where the portal's staff read what the citizen said.
LOW_REASONS = {
    "wait": "等候时间长",
    "again": "需要多次跑动",
    "unclear": "告知不清楚",
    "attitude": "服务态度不好",
    "system": "系统或设备故障",
    "other": "其他原因",
}


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
    reason: str | None = None,
    followup: followups.Rule | None = None,
) -> str:
    """Store one rating with its outbox row and journal entry; one rating per case.

    ``reason``: a key of LOW_REASONS, for a low level; it is written at the head of the
    comment and named in the journal (a key, nothing the citizen typed). ``followup``: the
    hall's rule; a level it names opens a 差评 follow-up in the same transaction."""
    comment = with_reason(level, reason, comment)
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
        if is_rated(store, case.id):
            raise RatingRefused("rating.already", receipt=case.receipt_no)
        store.conn.execute(
            "INSERT INTO ratings (id, case_id, level, comment, channel, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (rating_id, case.id, level, body["comment"], channel, stamp(at)),
        )
        _queue_and_journal(
            store,
            case.id,
            case.id,
            body,
            details={
                "rating": rating_id,
                "level": level,
                "channel": channel,
                **({"reason": reason} if reason else {}),
            },
            actor=actor,
            terminal=terminal,
            at=at,
        )
        _open_followup(
            store, followup, body, case.intake_code, reason, actor=actor, terminal=terminal, at=at
        )
    return rating_id


def _open_followup(
    store: Store,
    rule: followups.Rule | None,
    body: dict[str, object],
    service: str,
    reason: str | None,
    *,
    actor: str,
    terminal: str,
    at: datetime,
) -> None:
    """Inside the rating's transaction: its follow-up, if its level opens one."""
    if rule is None:
        return
    followups.open_for_rating(
        store.conn,
        rule,
        rating_id=str(body["rating_id"]),
        case_id=str(body["case_id"]),
        receipt_no=str(body["receipt_no"]),
        service=service,
        level=int(str(body["level"])),
        reason=LOW_REASONS.get(reason or "", ""),
        comment=str(body["comment"]),
        actor=actor,
        terminal=terminal,
        at=at,
    )


def with_reason(level: int, reason: str | None, comment: str) -> str:
    """The comment as kept: a low level's reason (a LOW_REASONS key) at its head, in 【】."""
    if level not in LEVELS:
        raise RatingRefused("rating.bad_level", level=level)
    if reason is None:
        return comment
    if reason not in LOW_REASONS or level not in LOW:
        raise RatingRefused("rating.bad_reason", reason=reason)
    return f"【{LOW_REASONS[reason]}】{comment.strip()}"


def record_hall_rating(
    store: Store,
    case_id: str,
    receipt_no: str,
    id_last4: str,
    level: int,
    comment: str,
    *,
    terminal: str,
    actor: str,
    at: datetime,
    reason: str | None = None,
    followup: followups.Rule | None = None,
    service: str = "",
) -> str:
    """A kiosk's rating of a case it does not hold, addressed by the portal's case id.

    The counters accept the cases; the kiosk of the same hall holds none of them, so the
    rating goes in ``hall_ratings`` and its outbox row has no local case (sent at once,
    there is no local push to wait for). The portal takes it from a terminal other than
    the case's only with the citizen's last four, so they travel in the outbox body, and
    nowhere else: not in the table, not in the journal. ``reason`` and ``followup`` as for
    record_rating; ``service``: the service's name as the portal's status answer gave it.
    """
    comment = with_reason(level, reason, comment)
    tail = last_four(id_last4)
    if tail is None:
        raise RatingRefused("status.last4")
    try:
        uuid.UUID(case_id)
    except ValueError:
        raise RatingRefused("rating.bad_case") from None
    rating_id = str(uuid.uuid4())
    body = {
        "format": "tongban.rating/1",
        "rating_id": rating_id,
        "case_id": case_id,
        "receipt_no": receipt_no,
        "level": level,
        "comment": comment.strip()[:500],
        "channel": "kiosk",
        "rated_at": stamp(at),
        "id_last4": tail,
    }
    with store.write():
        if is_rated(store, case_id):
            raise RatingRefused("rating.already", receipt=receipt_no)
        store.conn.execute(
            "INSERT INTO hall_ratings (id, case_id, receipt_no, level, comment, channel, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rating_id, case_id, receipt_no, level, body["comment"], "kiosk", stamp(at)),
        )
        # outbox.case_id NULL: it references a local case, and there is none.
        _queue_and_journal(
            store,
            None,
            case_id,
            body,
            details={
                "rating": rating_id,
                "level": level,
                "channel": "kiosk",
                "case": "portal",
                **({"reason": reason} if reason else {}),
            },
            actor=actor,
            terminal=terminal,
            at=at,
        )
        kept = {k: v for k, v in body.items() if k != "id_last4"}  # the follow-up never holds them
        _open_followup(
            store, followup, kept, service, reason, actor=actor, terminal=terminal, at=at
        )
    return rating_id


def _queue_and_journal(
    store: Store,
    local_case: str | None,
    subject: str,
    body: dict[str, object],
    *,
    details: dict[str, object],
    actor: str,
    terminal: str,
    at: datetime,
) -> None:
    """The rating's outbox row and journal entry, inside the caller's transaction."""
    store.conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at) VALUES (?, ?, ?, ?, ?)",
        (
            local_case,
            OUTBOX_RATING_PUSH,
            body["rating_id"],
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
        subject=subject,
        details=details,
    )


def is_rated(store: Store, case_id: str) -> bool:
    """Whether this terminal already holds a rating of the case (its own or the portal's id)."""
    return (
        store.conn.execute(
            "SELECT 1 FROM ratings WHERE case_id = ? UNION ALL"
            " SELECT 1 FROM hall_ratings WHERE case_id = ? LIMIT 1",
            (case_id, case_id),
        ).fetchone()
        is not None
    )
