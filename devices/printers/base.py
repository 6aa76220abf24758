"""What every printer backend offers: submit a PDF under a title, ask what became of it.

Backends never decide whether to print again; devices/printers/jobs.py does,
from the recorded job and what the printer says.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from terminal.i18n import TongbanError


class PrinterError(TongbanError):
    """A printer failure with a name a clerk can act on (msg id ``printer.*``)."""


class JobState(Enum):
    PENDING = "pending"  # queued, printing, or held by a stopped queue
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    state: JobState
    message: str = ""  # the printer's own words, kept with the job


@dataclass(frozen=True)
class QueueInfo:
    name: str
    state: str  # idle, printing, stopped, missing
    accepting: bool
    message: str
    is_default: bool
    media: tuple[str, ...] = ()  # IPP media-supported, e.g. iso_a4_210x297mm; () when unknown


def lacks_a4(queue: QueueInfo) -> bool:
    """Notices are A4 only: a queue that says which media it has, and has no A4, cannot
    print them. One that says nothing (the folder printer) is not doubted."""
    return bool(queue.media) and not any(m.startswith("iso_a4_") for m in queue.media)


class Printer(Protocol):
    name: str  # as in the config: "folder:/path" or "cups:QUEUE"

    def submit(self, job_id: str, pdf: bytes) -> str:
        """Hand the PDF over; return the printer's reference. Raises PrinterError."""

    def outcome(self, ref: str) -> Outcome: ...

    def cancel(self, ref: str) -> bool:
        """Withdraw a job that has not printed; True when the printer confirms."""

    def find(self, job_id: str) -> str | None:
        """The reference of a job this program submitted under ``job_id``, if the printer has it."""

    def queues(self) -> list[QueueInfo]: ...
