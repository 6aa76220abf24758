"""Errors the portal answers, as RFC 9457 problem documents (application/problem+json).

Each kind has a stable ``type`` URI the terminal acts on, an HTTP status, and
a title and detail in the caller's language (``Accept-Language``; Chinese
first) for the person reading a log.
"""

from __future__ import annotations

from typing import Any

from sync.link.protocol import problem_type
from terminal.i18n import TongbanError, tr

STATUS: dict[str, int] = {
    "bad-request": 400,
    "unauthenticated": 401,
    "stale-timestamp": 401,
    "nonce-reused": 401,
    "terminal-revoked": 403,
    "enrol-code-refused": 403,
    "admin-forbidden": 403,
    "counter-only": 403,
    "not-found": 404,
    "case-not-found": 404,
    "ticket-not-found": 404,
    "method-not-allowed": 405,
    "idempotency-conflict": 409,
    "journal-fork": 409,
    "bad-transition": 409,
    "case-transition-refused": 409,
    "already-rated": 409,
    "followup-state": 409,
    "window-taken": 409,
    "number-taken": 409,
    "queue-refused": 409,
    "not-your-window": 409,
    "result-taken": 409,
    "case-not-takeable": 409,
    "payload-too-large": 413,
    "unsupported-media-type": 415,
    "invalid-case": 422,
    "invalid-rating": 422,
    "invalid-followup": 422,
    "unknown-followup": 422,
    "invalid-request": 422,
    "unknown-case": 422,
    "unknown-ticket": 422,
    "too-many-requests": 429,
    "internal": 500,
    # Resumable uploads of attachments (sync/portal/uploads.py)
    "upload-not-found": 404,
    "upload-offset-mismatch": 409,
    "upload-incomplete": 409,
    "upload-not-listed": 422,
    "upload-checksum-mismatch": 422,
    "upload-hash-mismatch": 422,
    "attachment-gone": 410,
}


class Problem(TongbanError):
    """A refusal with its kind; extra members (``errors``, ``portal_time``) travel along."""

    def __init__(self, name: str, extra: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(f"portal.problem.{name.replace('-', '_')}", **params)
        self.name = name
        self.status = STATUS[name]
        self.extra = extra or {}
        self.headers: dict[str, str] = {}  # sent with the answer (Retry-After with a 429)

    def document(self, language: str, instance: str) -> dict[str, Any]:
        return {
            "type": problem_type(self.name),
            "title": tr(self.msg_id, language, **self.params),
            "status": self.status,
            "detail": tr(self.msg_id + "_detail", language, **self.params),
            "instance": instance,
            **self.extra,
        }


def field_error(field: str, problem: str) -> dict[str, str]:
    """One item of ``errors``: where in the body, and a code for what is wrong."""
    return {"field": field, "problem": problem}
