"""What can go wrong in sync, each as a message a clerk or IT can act on."""

from __future__ import annotations

from typing import Any

from terminal.i18n import TongbanError


class SyncError(TongbanError):
    """A set-up problem: not enrolled, key file unreadable or too open, bad address."""


class EnrolRefused(SyncError):
    pass


class LookupThrottled(TongbanError):
    """The portal paused case lookups (429): too many misses for this receipt or terminal
    (``sync.results.throttled``: for this terminal's questions by ID card, 出件).

    ``seconds``: how long until it answers again (its Retry-After)."""

    def __init__(self, seconds: int, msg_id: str = "sync.lookup.throttled") -> None:
        super().__init__(msg_id, minutes=max(1, -(-seconds // 60)))
        self.seconds = seconds


def retry_after(value: str | None, default: int = 60) -> int:
    """Seconds from a Retry-After header (delta-seconds; a date or garbage: ``default``)."""
    text = (value or "").strip()
    return int(text) if text.isdigit() else default


class LinkDown(TongbanError):
    """The portal could not be reached or did not answer usably: retry the same keys later.

    ``reached`` says whether the request may have arrived (the portal may have
    committed it), which is why every retry carries the same idempotency key.
    ``needs_it`` marks the failures no retry will cure (key refused, wrong
    address, certificate not trusted): still retried, but shown as IT's job.
    """

    def __init__(
        self, msg_id: str, *, reached: bool = False, needs_it: bool = False, **params: Any
    ) -> None:
        super().__init__(msg_id, **params)
        self.reached = reached
        self.needs_it = needs_it

    def reason(self) -> dict[str, Any]:
        return {"id": self.msg_id, "params": self.params}
