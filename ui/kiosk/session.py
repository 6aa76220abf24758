"""Everything personal a kiosk visit holds, in one place, so it can be wiped in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class KioskSession:
    document: Any = None  # the IdentityDocument of a card placed at check-in
    reference: str = ""  # a receipt number typed or scanned
    last4: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    intake_code: str | None = None
    ticket_no: str | None = None
    appointment: dict[str, Any] | None = None  # today's booking found at check-in (has the name)
    results: list[dict[str, Any]] = field(default_factory=list)  # results ready for the card

    def wipe(self) -> None:
        self.document = None
        self.reference = ""
        self.last4 = ""
        self.answers = {}
        self.intake_code = None
        self.ticket_no = None
        self.appointment = None
        self.results = []

    def is_empty(self) -> bool:
        return (
            self.document is None
            and not self.reference
            and not self.last4
            and not self.answers
            and self.intake_code is None
            and self.ticket_no is None
            and self.appointment is None
            and not self.results
        )
