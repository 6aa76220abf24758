"""Commands of this package, joined to ``tongban`` through the tongban.commands entry point."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this package's commands (none yet: its issue is in progress)."""
