"""What the portal refuses to spend on one request, whatever server carries it.

A body is checked for size and nesting depth before ``json.loads`` sees it: the C
parser recurses once per ``[`` or ``{``, so 100,000 of them would end in a
RecursionError (a 500 and a traceback), and a body of megabytes of brackets would
cost a parse for nothing. Duplicate keys (which one wins is parser folklore),
non-finite numbers and integers past Python's digit limit are refused too: every
such body is a 400 ``bad-request``.

Long polls hold a worker thread; ``LongPollGate`` lets at most K of them wait at
once, so hall displays cannot take every thread from the terminals pushing cases.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sync.link import protocol
from sync.portal.problems import Problem
from terminal import json_limits

# Long polls waiting at once unless the server says otherwise (make_server: threads // 2).
DEFAULT_LONG_POLLS = 8
# Deeper than any body of the protocol by far (a case nests five levels).
MAX_DEPTH = 32


def nesting_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets in strings aside),
    counted on the bytes without recursion (terminal/json_limits.py, shared with the core)."""
    return json_limits.nesting_depth(body, MAX_DEPTH)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def parse_json(content_type: str, body: bytes) -> Any:
    """The body as JSON, or ``Problem``: 415 for another media type, 413 past the size limit,
    400 for anything unreadable, too deep, or ambiguous."""
    if content_type.split(";")[0].strip().lower() != protocol.JSON:
        raise Problem("unsupported-media-type")
    if len(body) > protocol.MAX_BODY_BYTES:
        raise Problem("payload-too-large")
    if nesting_depth(body) > MAX_DEPTH:
        raise Problem("bad-request")
    try:
        return json.loads(
            body,
            object_pairs_hook=_no_duplicates,
            parse_float=_finite,
            parse_constant=_no_constant,
        )
    except (ValueError, RecursionError):  # RecursionError: cannot happen below MAX_DEPTH
        raise Problem("bad-request") from None


class LongPollGate:
    """At most ``limit`` long polls wait at once; the next is answered at once (wait 0).

    A page answered at once is still a valid page: the display simply asks again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit) if limit > 0 else None
        self._lock = threading.Lock()
        self.waiting = 0  # long polls holding a slot now (for tests and diagnosis)

    @contextmanager
    def slot(self, wait: int) -> Iterator[int]:
        """The seconds this poll may wait: ``wait`` with a free slot, 0 without one."""
        if wait <= 0 or self._slots is None or not self._slots.acquire(blocking=False):
            yield 0
            return
        with self._lock:
            self.waiting += 1
        try:
            yield wait
        finally:
            with self._lock:
                self.waiting -= 1
            self._slots.release()
