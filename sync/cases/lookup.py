"""A case's status for a citizen at the kiosk: the portal's when it answers, this store's otherwise.

The portal knows what happened after the counter (in progress, completed, not approved);
this terminal's store knows only what it has pulled, so its answer is shown with the
notice that it may not be the latest. A case the portal does not know yet (accepted here
offline, still on its way) is answered from the store too. Not thread-safe: one
``CaseLookup`` per worker thread, like its client.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sync.cases.localcases import FROM_PORTAL
from sync.errors import LinkDown
from sync.link.client import PortalClient
from terminal.case_status import (
    CaseStatus,
    StatusRefused,
    advice,
    look_up,
    reference_from,
    state_words,
)
from terminal.identity import last_four
from terminal.store import Store


class CaseLookup:
    def __init__(
        self,
        make_client: Callable[[], PortalClient] | None,
        *,
        retry_after: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.make_client = make_client
        self.retry_after = retry_after
        self.clock = clock
        self._client: PortalClient | None = None
        # After a failure the next citizen is answered from the store at once, rather than
        # waiting for the same timeout again (as the hall queue does).
        self._down_until = 0.0
        # Whether the portal answered the last question (found or not): "not found" from
        # the store alone may only mean the case is on the portal and the link is down.
        self.portal_answered = False

    def __call__(
        self,
        store: Store,
        reference: str,
        last4: str,
        name_of: Callable[[str], str] = lambda code: code,
    ) -> CaseStatus:
        ref = reference_from(reference)
        tail = last_four(last4)
        if tail is None:
            raise StatusRefused("status.last4")
        self.portal_answered = False
        answer = self._ask_portal(ref, tail)
        if answer is not None:
            return from_portal(answer, name_of)
        local = look_up(store, ref, tail)
        return CaseStatus(
            local.receipt_no,
            name_of(local.service),
            local.state,
            local.state_text,
            local.advice,
            "local",
            local.portal_case_no,
            case_id=local.case_id,
            followup=local.followup,
        )

    def _ask_portal(self, ref: str, tail: str) -> dict[str, Any] | None:
        if self.make_client is None or self.clock() < self._down_until:
            return None
        if self._client is None:
            self._client = self.make_client()
        try:
            answer = self._client.case_status(ref, tail)
        except LinkDown:
            self._down_until = self.clock() + self.retry_after
            return None
        self.portal_answered = True
        return answer

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def from_portal(answer: dict[str, Any], name_of: Callable[[str], str]) -> CaseStatus:
    """The portal's answer in the terminal's words (its states are the terminal's, renamed)."""
    portal_state = str(answer["state"])
    local = FROM_PORTAL.get(portal_state)
    state = local.value if local is not None else portal_state
    missing = answer.get("missing")
    detail = {
        "state": state,
        "decision": str(answer.get("decision") or ""),
        "missing": [{"name": str(n)} for n in missing] if isinstance(missing, list) else [],
        "reason": answer.get("reason"),
        "due_date": answer.get("due_date"),
        "return_by": answer.get("return_by"),  # an open 补正 notice's last day (issue 14)
        "result": answer.get("result"),  # where the result is (出件, issue 16)
    }
    return CaseStatus(
        str(answer["receipt_no"]),
        name_of(str(answer.get("intake_code") or "")),
        state,
        state_words(state, str(answer.get("decision") or "")),
        advice(detail),
        "portal",
        str(answer.get("portal_case_no") or ""),
        str(answer.get("updated_at") or ""),
        str(answer.get("case_id") or ""),
        str(answer.get("hall") or ""),
        str(answer.get("followup") or ""),
    )
