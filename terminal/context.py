"""What a command runs with: the data folder, the config, and the store opened on demand."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from terminal import config, failures, i18n
from terminal.store import DB_FILENAME, Store, open_store


@dataclass
class Context:
    data_dir: Path
    config_path: Path
    config: config.Config
    _store: Store | None = field(default=None, repr=False)

    @staticmethod
    def from_args(args: argparse.Namespace) -> Context:
        data_dir = getattr(args, "data_dir", None) or config.default_data_dir()
        path = config.config_path(data_dir, getattr(args, "config", None))
        cfg = config.load(path)
        i18n.set_language(cfg.language)
        return Context(data_dir, path, cfg)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    def store(self, *, create: bool = False) -> Store:
        """The store, upgraded to the current schema; only ``init`` may create it."""
        if self._store is None:
            # A missing, empty, foreign or unreadable file is refused here with its path and
            # what to do: never silently replaced by a fresh store. On a disk gone read-only
            # (failing) the store is opened read-only, so listing, verifying and a backup to
            # another disk still work; a write says what happened to the disk.
            read_only = not create and failures.disk_read_only(self.db_path)
            self._store = open_store(self.db_path, create=create, read_only=read_only)
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
