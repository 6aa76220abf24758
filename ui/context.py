"""What every window part needs: the config, the catalogue, the workers, the signed-in clerk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from terminal.catalogue import Catalogue
from terminal.clerks import Clerk
from terminal.config import Config
from terminal.workdays import Calendar
from ui.dispatch import Dispatcher
from ui.worker import StoreWorker


@dataclass
class AppContext:
    config: Config
    data_dir: Path
    catalogue: Catalogue
    calendar: Calendar
    dispatcher: Dispatcher
    store: StoreWorker  # quick store jobs
    printing: StoreWorker  # print jobs: they wait for the printer
    clerk: Clerk | None = None
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def clerk_name(self) -> str:
        return self.clerk.username if self.clerk else "system"
