"""What every window part needs: the config, the catalogue, the road to the GUI thread, the
workers and the signed-in clerk. Plain fields: a part that needs something else is handed it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from terminal.catalogue import Catalogue
from terminal.clerks import Clerk
from terminal.config import Config
from terminal.workdays import Calendar
from ui.dispatch import Dispatcher
from ui.worker import StoreWorker

log = logging.getLogger(__name__)


class Stoppable(Protocol):
    """A worker thread: ``stop`` ends it, waits up to ``timeout``, and says whether it ended."""

    def stop(self, timeout: float) -> bool: ...


W = TypeVar("W", bound=Stoppable)


@dataclass
class Started:
    """Every worker the app started, in order. Shutdown stops them in reverse: the hall
    queue's and the reader's before the store worker their answers may still need."""

    workers: list[tuple[str, Stoppable, float]] = field(default_factory=list)

    def add(self, name: str, worker: W, stop_within: float = 10.0) -> W:
        self.workers.append((name, worker, stop_within))
        return worker

    def stop_all(self) -> list[str]:
        """Stop each (once) and wait for it; the names of those still running after their time."""
        late = []
        while self.workers:
            name, worker, stop_within = self.workers.pop()
            try:
                stopped = worker.stop(stop_within)
            except Exception:  # one worker's fault must not leave the others (the store) running
                log.exception("%s failed to stop", name)
                stopped = False
            if not stopped:
                log.warning("%s did not stop within %g s", name, stop_within)
                late.append(name)
        return late


@dataclass
class AppContext:
    config: Config
    data_dir: Path
    catalogue: Catalogue
    calendar: Calendar
    dispatcher: Dispatcher  # the one road from a worker thread to the GUI thread
    started: Started
    store_jobs: StoreWorker  # quick store jobs: reads and writes of the store
    print_jobs: StoreWorker  # print jobs: they wait for the printer, so not among the quick ones
    clerk: Clerk | None = None

    @property
    def clerk_name(self) -> str:
        return self.clerk.username if self.clerk else "system"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "tongban.db"
