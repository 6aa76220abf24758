"""Checks on a JSON text before ``json.loads`` sees it: size and nesting depth.

The C parser recurses once per ``[`` or ``{``, so a file of 100,000 of them ends in a
RecursionError, not a sentence. The depth is counted on the bytes first (brackets inside
strings aside), which costs one pass and no recursion. The portal (sync/portal/limits.py)
counts with the same function: the core imports nothing from sync/, sync may use the core.
"""

from __future__ import annotations

import re
from itertools import accumulate

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _depth(brackets: bytes, limit: int) -> int:
    opening = brackets.count(b"[") + brackets.count(b"{")
    if opening <= limit:
        return opening  # cannot be deeper than the number of brackets opened: no need to walk
    return max(accumulate(_STEP[b] for b in brackets))


def nesting_depth(text: bytes, limit: int) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets in strings aside);
    exact whenever it is above ``limit``, possibly overstated below it (never above)."""
    # Counting brackets in strings too can only overstate the depth: when even that is
    # within the limit (nearly always), the strings need not be found at all.
    rough = _depth(text.translate(None, _NOT_BRACKET), limit)
    if rough <= limit:
        return rough
    return _depth(_STRING.sub(b"", text).translate(None, _NOT_BRACKET), limit)
