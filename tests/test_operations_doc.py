"""The operations guide keeps up with the program: every config key and every named failure."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from devices.cards.errors import FailureKind
from terminal.config import Config

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "operations.md").read_text("utf-8")


def test_every_config_key_is_documented_with_its_default() -> None:
    for f in fields(Config):
        default = getattr(Config(), f.name)
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        if isinstance(default, tuple):  # a TOML array in the file
            shown = "[" + ", ".join(map(str, default)) + "]"
        assert f"| `{f.name}` | `{shown if shown else chr(34) * 2}` |" in GUIDE, f.name


def test_every_reader_failure_has_a_fix() -> None:
    for kind in FailureKind:
        assert f"`{kind.value}`" in GUIDE, kind


def test_every_printer_and_link_failure_has_a_fix() -> None:
    ids = json.loads((ROOT / "devices" / "locale" / "en.printers.json").read_text("utf-8"))
    for msg_id in ids:
        if (
            msg_id.startswith("printer.")
            and msg_id.count(".") == 1
            and msg_id
            not in (
                "printer.configured",
                "printer.no_queues",
                "printer.accepting",
                "printer.not_accepting_short",
                "printer.unknown_kind",
            )
        ):
            assert f"`{msg_id}`" in GUIDE, msg_id
    sync_ids = json.loads((ROOT / "sync" / "locale" / "en.json").read_text("utf-8"))
    for msg_id in sync_ids:
        if msg_id.startswith("sync.link."):
            assert f"`{msg_id}`" in GUIDE, msg_id
        if msg_id.startswith("sync.reason."):
            assert msg_id.removeprefix("sync.reason.") in GUIDE, msg_id


def test_the_kiosk_and_display_units_restart_them_always() -> None:
    for mode in ("kiosk", "display"):
        unit = (ROOT / f"deb/files/tongban-{mode}.service").read_text()
        assert f"/usr/bin/tongban {mode} --" in unit and "Restart=always" in unit
        assert "User=tongban" in unit
        entry = (ROOT / f"deb/files/tongban-{mode}.desktop").read_text()
        assert f"Exec=/usr/bin/tongban {mode}" in entry


def test_the_window_unit_and_menu_entry_start_the_window() -> None:
    unit = (ROOT / "deb/files/tongban-window.service").read_text()
    assert "/usr/bin/tongban window --" in unit and "Restart=on-failure" in unit
    assert "Exec=/usr/bin/tongban window" in (ROOT / "deb/files/tongban-window.desktop").read_text()
