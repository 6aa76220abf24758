"""PC/SC readers through pcscd: the social-security card, and any other card named by its ATR.

Our own loop, not pyscard's monitors: ``SCardGetStatusChange`` on every reader
plus the PnP pseudo-reader wakes us on an insertion, a removal or a change of
the reader list. When pcscd stops or restarts the context is dropped and built
again on the next scan, so the program never needs a restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from devices.cards import pcsc_api as api
from devices.cards import social_security
from devices.cards.backend import SlotView, WireClock
from devices.cards.errors import CardError, DecodeError, FailureKind
from terminal.identity import IdentityDocument


class PcscReader:
    def __init__(self, reader: str | None = None) -> None:
        self.reader_filter = reader  # a full reader name, or a part of one
        self._context: int | None = None
        self._context_lock = threading.Lock()  # wake() may cancel from another thread
        self._states: dict[str, int] = {}
        self._atrs: dict[str, bytes] = {}
        self._pnp_state = api.STATE_UNAWARE

    @property
    def name(self) -> str:
        return f"pcsc:{self.reader_filter}" if self.reader_filter else "pcsc"

    def scan(self, wait: float) -> list[SlotView]:
        try:
            context = self._ensure_context()
            readers = [r for r in api.list_readers(context) if self._wanted(r)]
            query = [(r, self._states.get(r, api.STATE_UNAWARE), b"") for r in readers]
            query.append((api.PNP_NOTIFICATION, self._pnp_state, b""))
            answers = api.get_status_change(context, int(wait * 1000), query)
        except api.PcscFailed as e:
            if api.service_lost(e):
                self._drop_context()
            raise api.failure_for(e) from None
        for name, state, atr in answers:
            settled = state & ~api.STATE_CHANGED
            if name == api.PNP_NOTIFICATION:
                self._pnp_state = settled
            else:
                self._states[name] = settled
                if not settled & api.STATE_PRESENT:
                    self._atrs.pop(name, None)
                elif atr:  # pcsc-lite blanks the ATR while it keeps an idle card unpowered
                    self._atrs[name] = atr
        for gone in set(self._states) - set(readers):
            del self._states[gone]
            self._atrs.pop(gone, None)
        return [SlotView(r, self._card_token(r)) for r in readers]

    def read(self, reader: str, wire: WireClock) -> IdentityDocument:
        try:
            context = self._ensure_context()
            with wire.on_wire():
                handle, protocol = api.connect(context, reader)
        except api.PcscFailed as e:
            raise api.failure_for(e) from None

        def transmit(apdu: bytes) -> bytes:
            with wire.on_wire():
                response = api.transmit(handle, protocol, apdu)
                if not response:
                    # No status word at all: the exchange broke, usually because the card
                    # left (vpcd and some drivers say so once with an empty answer). Asking
                    # again gets the service's verdict: a removal code, or the answer.
                    response = api.transmit(handle, protocol, apdu)
                return response

        try:
            with wire.on_wire():
                atr = api.card_atr(handle) or self._atrs.get(reader, b"")
            return social_security.read_card(transmit, atr)
        except api.PcscFailed as e:
            raise api.failure_for(e) from None
        except DecodeError as e:
            raise CardError(FailureKind.CARD_DATA_INVALID, e) from None
        finally:
            with wire.on_wire():
                api.disconnect(handle)

    def wake(self) -> None:
        with self._context_lock:
            if self._context is not None:
                api.cancel(self._context)

    def close(self) -> None:
        self._drop_context()

    def _wanted(self, reader: str) -> bool:
        return not self.reader_filter or self.reader_filter in reader

    def _card_token(self, reader: str) -> int | None:
        state = self._states.get(reader, 0)
        if not state & api.STATE_PRESENT or state & (api.STATE_UNAVAILABLE | api.STATE_UNKNOWN):
            return None
        # pcsc-lite counts insertions and removals in the upper 16 bits: a card taken away
        # and put back between two scans still gets a new token. Not the ATR: pcsc-lite
        # blanks it while it powers an idle card down, and that is the same card.
        return state >> 16

    def _ensure_context(self) -> int:
        with self._context_lock:
            if self._context is None:
                self._context = api.establish()
                self._states.clear()
                self._pnp_state = api.STATE_UNAWARE
            return self._context

    def _drop_context(self) -> None:
        with self._context_lock:
            if self._context is not None:
                api.release(self._context)
                self._context = None


@dataclass(frozen=True)
class PcscReaderInfo:
    name: str
    card_present: bool
    atr: bytes


def describe_readers() -> list[PcscReaderInfo]:
    """The readers pcscd sees now, for ``tongban card readers``; ``CardError`` if it is not running."""
    try:
        context = api.establish()
    except api.PcscFailed as e:
        raise api.failure_for(e) from None
    try:
        readers = api.list_readers(context)
        states = api.get_status_change(context, 0, [(r, api.STATE_UNAWARE, b"") for r in readers])
    except api.PcscFailed as e:
        raise api.failure_for(e) from None
    finally:
        api.release(context)
    return [PcscReaderInfo(n, bool(s & api.STATE_PRESENT), atr) for n, s, atr in states]
