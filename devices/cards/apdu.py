"""One command APDU to a T=0 card, with the protocol's two detours handled.

A T=0 card cannot send data in the same exchange as a case-4 command: it
answers ``61xx`` ("xx bytes wait: GET RESPONSE"). It also refuses a case-2
command whose Le it does not like with ``6Cxx`` ("ask again with Le = xx").
pcsc-lite passes both through to us, as Windows does.
"""

from __future__ import annotations

from collections.abc import Callable

from devices.cards.errors import DecodeError

Transmit = Callable[[bytes], bytes]
_MAX_DETOURS = 16  # 61xx chains are short in practice; a card looping for ever is broken


def exchange(transmit: Transmit, apdu: bytes) -> tuple[bytes, int]:
    """The response data and the final status word (``0x9000`` on success)."""
    response = transmit(apdu)
    data = b""
    for _ in range(_MAX_DETOURS):
        if len(response) < 2:
            raise DecodeError("card.apdu.short", size=len(response))
        sw1, sw2, body = response[-2], response[-1], response[:-2]
        if sw1 == 0x6C and len(apdu) in (4, 5):
            apdu = apdu[:4] + bytes([sw2])
            response = transmit(apdu)
            continue
        if sw1 == 0x61:
            data += body
            response = transmit(bytes([apdu[0], 0xC0, 0x00, 0x00, sw2]))
            continue
        return data + body, (sw1 << 8) | sw2
    raise DecodeError("card.apdu.endless", count=_MAX_DETOURS)
