"""What the device thread reports. Plain frozen values: safe to hand to another thread.

The Qt UI bridges these to signals in one place; the CLI and the tests read
them from a queue. None of them carries personal data in its ``repr`` except
``DocumentRead.document``, whose own repr the UI must not log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from devices.cards.errors import CardError, FailureKind
from devices.cards.photo import Portrait
from terminal.identity import DocumentWarning, IdentityDocument


@dataclass(frozen=True)
class ReaderAttached:
    reader: str


@dataclass(frozen=True)
class ReaderGone:
    reader: str


@dataclass(frozen=True)
class CardPresent:
    reader: str
    at: float  # time.perf_counter() when the program first saw the card


@dataclass(frozen=True)
class DocumentRead:
    reader: str
    document: IdentityDocument = field(repr=False)
    warnings: tuple[DocumentWarning, ...]
    seen_at: float  # time.perf_counter() of the matching CardPresent
    read_seconds: float  # from seeing the card to this event
    wire_seconds: float  # of which waiting on the hardware
    # Decoded on the device thread: a vendor's decoder is a native library the GUI
    # thread must not wait on.
    portrait: Portrait | None = field(default=None, repr=False)

    @property
    def own_seconds(self) -> float:
        return self.read_seconds - self.wire_seconds


@dataclass(frozen=True)
class CardRemoved:
    reader: str


@dataclass(frozen=True)
class CardFailure:
    """One named failure; the program goes on and the state clears with the next good event."""

    kind: FailureKind
    error: CardError = field(repr=False)
    reader: str | None = None

    def message(self, language: str | None = None) -> str:
        return self.error.text(language)

    @property
    def message_zh(self) -> str:
        return self.error.text("zh_CN")

    @property
    def message_en(self) -> str:
        return self.error.text("en")


CardEvent = ReaderAttached | ReaderGone | CardPresent | DocumentRead | CardRemoved | CardFailure


def warnings_for(
    document: IdentityDocument, today: date | None = None
) -> tuple[DocumentWarning, ...]:
    return tuple(document.warnings(today))
