"""How many tickets a kiosk hands out: at most N a minute (a child pressing the button, a
script), and at most M a day to one card (one person holding many places in the queue).

Kept in the kiosk's memory: a restart forgets, which errs on the citizen's side. The card
is kept as a hash, never the number.
"""

from __future__ import annotations

import hashlib
from collections import deque
from datetime import datetime, timedelta

from terminal.i18n import TongbanError

MINUTE = timedelta(minutes=1)


class TicketLimited(TongbanError):
    pass


class TicketLimits:
    def __init__(self, per_minute: int, per_card: int) -> None:
        self.per_minute = per_minute
        self.per_card = per_card
        self._recent: deque[datetime] = deque()
        self._cards: dict[str, tuple[str, int]] = {}  # card hash → (day, tickets that day)

    @staticmethod
    def card_key(id_number: str) -> str:
        return hashlib.sha256(id_number.encode()).hexdigest()[:16]

    def check(self, at: datetime, id_number: str | None = None) -> None:
        """Raise ``TicketLimited`` (a sentence for the citizen) if this ticket is one too many."""
        while self._recent and at - self._recent[0] >= MINUTE:
            self._recent.popleft()
        if len(self._recent) >= self.per_minute:
            raise TicketLimited("kiosk.limit.minute")
        if id_number:
            day, count = self._cards.get(self.card_key(id_number), ("", 0))
            if day == at.date().isoformat() and count >= self.per_card:
                raise TicketLimited("kiosk.limit.card", count=self.per_card)

    def note(self, at: datetime, id_number: str | None = None) -> None:
        """A ticket was handed out."""
        self._recent.append(at)
        if id_number:
            key, today = self.card_key(id_number), at.date().isoformat()
            day, count = self._cards.get(key, ("", 0))
            self._cards = {k: v for k, v in self._cards.items() if v[0] == today}
            self._cards[key] = (today, (count if day == today else 0) + 1)
