"""Sync state in words, for the command line (and the same ids for the window later)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.feed import calendar as calendar_feed
from terminal.i18n import tr

if TYPE_CHECKING:
    from sync.engine import Summary
    from sync.state import SyncStatus


def reason_text(reason: dict[str, Any] | None) -> str:
    if not reason:
        return ""
    try:
        return tr(str(reason["id"]), **dict(reason.get("params") or {}))
    except (KeyError, IndexError):
        return str(reason.get("id"))


_LOCAL = {
    "missing": "sync.anchor.local_missing",
    "other": "sync.anchor.local_other",
}


def fork_text(fork: dict[str, Any]) -> str:
    """The journal is not the one the portal knew (state.fork_facts), in words."""
    local = tr(
        _LOCAL[fork["local"]],
        portal_seq=fork["portal_seq"],
        local_seq=fork["local_seq"],
    )
    return tr("sync.anchor.fork", portal_seq=fork["portal_seq"], local=local)


def status_lines(status: SyncStatus) -> list[str]:
    lines = []
    if not status.enrolled:
        lines.append(tr("sync.status.not_enrolled"))
    else:
        lines.append(tr("sync.status.portal", url=status.portal_url, key_id=status.key_id))
    if status.online is None:
        lines.append(tr("sync.status.never"))
    elif status.online:
        lines.append(tr("sync.status.online", since=status.last_success))
    else:
        lines.append(tr("sync.status.offline", since=status.offline_since))
    if status.problem:
        key = "sync.status.problem_it" if status.problem_needs_it else "sync.status.problem"
        lines.append(tr(key, reason=reason_text(status.problem)))
    lines.append(
        tr(
            "sync.status.counts",
            waiting=status.waiting,
            stuck=len(status.stuck),
            cursor=status.cursor,
        )
    )
    if status.attachments_waiting:
        size = f"{status.attachment_bytes_waiting / 1e6:.1f} MB"
        lines.append(tr("sync.status.attachments", files=status.attachments_waiting, size=size))
    if status.journal_fork:
        lines.append(fork_text(status.journal_fork))
    if status.unproven:
        lines.append(tr("sync.status.unproven", count=status.unproven))
    lines.append(tr("sync.status.last_success", at=status.last_success or "-"))
    beat = status.heartbeat or {}
    if beat.get("problem"):
        lines.append(tr("sync.status.heartbeat_failed", reason=reason_text(beat["problem"])))
    elif beat.get("sent_at"):
        lines.append(tr("sync.status.heartbeat_ok", seq=beat.get("seq"), at=beat["sent_at"]))
    for row in status.stuck:
        lines.append(
            tr(
                "sync.status.stuck_row",
                outbox_id=row.outbox_id,
                receipt_no=row.receipt_no or row.case_id or "-",
                attempts=row.attempts,
                reason=reason_text(row.reason) or "-",
            )
        )
    for case in status.conflicts:
        lines.append(
            tr(
                "sync.status.conflict",
                receipt_no=case.receipt_no,
                portal_case_no=case.portal_case_no or "-",
            )
        )
    if status.clock_skew is not None:
        key = "sync.status.clock_wrong" if status.clock_wrong else "sync.status.clock_ok"
        lines.append(tr(key, seconds=f"{status.clock_skew:+.0f}"))
    if status.portal_catalogue:
        said = {
            "ready": "sync.status.catalogue_ready",
            "refused": "sync.status.catalogue_refused",
        }.get(status.portal_catalogue_state or "", "sync.status.catalogue_announced")
        lines.append(
            tr(
                said,
                version=status.portal_catalogue,
                problem=status.portal_catalogue_problem or "",
            )
        )
    if status.calendar is not None:
        lines.extend(calendar_feed.status_lines(status.calendar))
    return lines


def summary_lines(summary: Summary) -> list[str]:
    head = tr(
        "sync.summary",
        pushed=summary.pushed,
        refused=summary.refused,
        pulled=summary.pulled,
        cursor=summary.cursor,
    )
    return [head, *status_lines(summary.status)]
