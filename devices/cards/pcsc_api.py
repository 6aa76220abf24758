"""A typed face on pyscard's low-level ``smartcard.scard`` calls, and what each PC/SC code means.

We use the raw calls, not pyscard's ``CardMonitor``/``ReaderMonitor``: their
threads die for good when pcscd restarts. Each call here returns its result or
raises ``PcscFailed`` with the code; ``failure_for`` maps a code to the clerk's
state in one table.
"""

from __future__ import annotations

from typing import Any

from smartcard import scard as _scard  # type: ignore[import-untyped,unused-ignore]

from devices.cards.errors import CardError, FailureKind, failure

scard: Any = _scard

PNP_NOTIFICATION = (
    "\\\\?PnP?\\Notification"  # a pseudo-reader whose state changes with the reader list
)
STATE_UNAWARE = int(scard.SCARD_STATE_UNAWARE)
STATE_CHANGED = int(scard.SCARD_STATE_CHANGED)
STATE_PRESENT = int(scard.SCARD_STATE_PRESENT)
STATE_MUTE = int(scard.SCARD_STATE_MUTE)
STATE_UNAVAILABLE = int(scard.SCARD_STATE_UNAVAILABLE)
STATE_UNKNOWN = int(scard.SCARD_STATE_UNKNOWN)

S_SUCCESS = 0
E_CANCELLED = 0x80100002
E_INVALID_HANDLE = 0x80100003
E_UNKNOWN_READER = 0x80100009
E_TIMEOUT = 0x8010000A
E_SHARING_VIOLATION = 0x8010000B
E_NO_SMARTCARD = 0x8010000C
F_COMM_ERROR = 0x80100013
E_NOT_TRANSACTED = 0x80100016
E_READER_UNAVAILABLE = 0x80100017
E_NO_SERVICE = 0x8010001D
E_SERVICE_STOPPED = 0x8010001E
E_NO_READERS_AVAILABLE = 0x8010002E
W_UNSUPPORTED_CARD = 0x80100065
W_UNRESPONSIVE_CARD = 0x80100066
W_UNPOWERED_CARD = 0x80100067
W_RESET_CARD = 0x80100068
W_REMOVED_CARD = 0x80100069
E_PROTO_MISMATCH = 0x8010000F
W_SECURITY_VIOLATION = 0x8010006A

# The codes that mean "the service went away": the context must be rebuilt.
SERVICE_LOST = frozenset({E_NO_SERVICE, E_SERVICE_STOPPED, E_INVALID_HANDLE, F_COMM_ERROR})

_CONTEXT_CALLS = frozenset({"SCardListReaders", "SCardGetStatusChange"})

_KINDS: dict[int, FailureKind] = {
    E_NO_SERVICE: FailureKind.SERVICE_NOT_RUNNING,
    E_SERVICE_STOPPED: FailureKind.SERVICE_NOT_RUNNING,
    F_COMM_ERROR: FailureKind.SERVICE_NOT_RUNNING,
    E_INVALID_HANDLE: FailureKind.SERVICE_NOT_RUNNING,
    E_NO_READERS_AVAILABLE: FailureKind.NO_READER,
    E_UNKNOWN_READER: FailureKind.READER_GONE,
    E_READER_UNAVAILABLE: FailureKind.READER_GONE,
    E_SHARING_VIOLATION: FailureKind.READER_BUSY,
    # After a removal pcsc-lite answers a transmit with either of these two.
    W_REMOVED_CARD: FailureKind.CARD_REMOVED_EARLY,
    E_NOT_TRANSACTED: FailureKind.CARD_REMOVED_EARLY,
    E_NO_SMARTCARD: FailureKind.CARD_REMOVED_EARLY,
    W_RESET_CARD: FailureKind.CARD_UNREADABLE,
    W_UNRESPONSIVE_CARD: FailureKind.CARD_UNREADABLE,
    W_UNPOWERED_CARD: FailureKind.CARD_UNREADABLE,
    W_UNSUPPORTED_CARD: FailureKind.UNSUPPORTED_CARD,
    E_PROTO_MISMATCH: FailureKind.UNSUPPORTED_CARD,
}


class PcscFailed(Exception):
    def __init__(self, call: str, code: int) -> None:
        super().__init__(f"{call}: 0x{code:08X}")
        self.call = call
        self.code = code


def service_lost(error: PcscFailed) -> bool:
    """Whether the context is dead and the service is the matter (rebuild the context)."""
    if error.call == "SCardEstablishContext" or error.code in SERVICE_LOST:
        return True
    # pcscd shutting down answers a context's pending call with a "security violation"
    # (seen here about one stop in four); on a card call the code means something else.
    return error.call in _CONTEXT_CALLS and error.code == W_SECURITY_VIOLATION


def failure_for(error: PcscFailed) -> CardError:
    lost = service_lost(error)
    kind = (
        FailureKind.SERVICE_NOT_RUNNING
        if lost
        else _KINDS.get(error.code, FailureKind.READER_ERROR)
    )
    return failure(kind, "card.detail.pcsc", code=f"0x{error.code:08X}")


def _check(call: str, result: Any) -> Any:
    code = int(result[0] if isinstance(result, (list, tuple)) else result) & 0xFFFFFFFF
    if code != S_SUCCESS:
        raise PcscFailed(call, code)
    return result


def establish() -> int:
    return int(
        _check("SCardEstablishContext", scard.SCardEstablishContext(scard.SCARD_SCOPE_USER))[1]
    )


def release(context: int) -> None:
    scard.SCardReleaseContext(context)  # may fail once the service is gone: nothing to undo then


def cancel(context: int) -> None:
    scard.SCardCancel(context)


def list_readers(context: int) -> list[str]:
    result = scard.SCardListReaders(context, [])
    if int(result[0]) & 0xFFFFFFFF == E_NO_READERS_AVAILABLE:
        return []
    return [str(r) for r in _check("SCardListReaders", result)[1]]


ReaderState = tuple[str, int, bytes]


def get_status_change(
    context: int, timeout_ms: int, states: list[ReaderState]
) -> list[ReaderState]:
    """New states, or the same ones when nothing changed before ``timeout_ms``."""
    query = [(name, state, list(atr)) for name, state, atr in states]
    result = scard.SCardGetStatusChange(context, timeout_ms, query)
    code = int(result[0]) & 0xFFFFFFFF
    if code in (E_TIMEOUT, E_CANCELLED):
        return states
    _check("SCardGetStatusChange", result)
    return [(str(name), int(state), bytes(atr)) for name, state, atr in result[1]]


def connect(context: int, reader: str) -> tuple[int, int]:
    """A shared connection to the card in ``reader``: (card handle, active protocol)."""
    protocols = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
    _, handle, protocol = _check(
        "SCardConnect", scard.SCardConnect(context, reader, scard.SCARD_SHARE_SHARED, protocols)
    )
    return int(handle), int(protocol)


def transmit(handle: int, protocol: int, apdu: bytes) -> bytes:
    pci = scard.SCARD_PCI_T0 if protocol == scard.SCARD_PROTOCOL_T0 else scard.SCARD_PCI_T1
    return bytes(_check("SCardTransmit", scard.SCardTransmit(handle, pci, list(apdu)))[1])


def card_atr(handle: int) -> bytes:
    """The ATR of the connected card (empty if the reader cannot tell)."""
    result = scard.SCardStatus(handle)
    if int(result[0]) & 0xFFFFFFFF != S_SUCCESS:
        return b""
    return bytes(result[-1])


def disconnect(handle: int) -> None:
    scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
