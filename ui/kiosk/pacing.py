"""How fast a kiosk takes the next case lookup after receipts and last fours that match nothing.

A citizen who mistypes once or twice is answered at once. From the fourth miss on, the
kiosk waits before it takes the next try, twice as long each time (15 s, 30 s, 1 min ...
up to 5 min), so walking through the ten thousand last fours of a receipt found on the
floor takes days, not a minute, even before the portal's own limit (429). The count
survives "start over" (a guesser would press it); it is forgotten after a quiet
quarter of an hour. Qt-free: the status page asks it on the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FREE_MISSES = 3
FIRST_DELAY = 15.0  # seconds, after the first miss past the free ones
MAX_DELAY = 300.0
FORGET_AFTER = 15 * 60.0


class MissPacer:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.misses = 0
        self._last_miss = 0.0
        self._not_before = 0.0

    def wait_left(self) -> int:
        """Whole seconds until the next try is taken; 0: now."""
        now = self.clock()
        if self.misses and now - self._last_miss > FORGET_AFTER:
            self.misses = 0
        return max(0, int(-(-(self._not_before - now) // 1)))

    def missed(self) -> int:
        """Count a lookup that found nothing; the seconds the next one must wait."""
        now = self.clock()
        if self.misses and now - self._last_miss > FORGET_AFTER:
            self.misses = 0
        self.misses += 1
        self._last_miss = now
        if self.misses > FREE_MISSES:
            delay = min(MAX_DELAY, FIRST_DELAY * 2 ** (self.misses - FREE_MISSES - 1))
            self._not_before = max(self._not_before, now + delay)
        return self.wait_left()

    def hold(self, seconds: float) -> None:
        """Wait at least this long (the portal said so, with its 429)."""
        self._not_before = max(self._not_before, self.clock() + seconds)
