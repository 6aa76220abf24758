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


def test_the_kiosk_autostart_restarts_it_always() -> None:
    unit = (ROOT / "docs/packaging/tongban-kiosk.service").read_text()
    assert "ExecStart=/opt/tongban/tongban kiosk" in unit and "Restart=always" in unit
    assert (
        "Exec=/opt/tongban/tongban kiosk"
        in (ROOT / "docs/packaging/tongban-kiosk.desktop").read_text()
    )


def test_the_autostart_files_start_the_window() -> None:
    assert (
        "ExecStart=/opt/tongban/tongban window"
        in (ROOT / "docs/packaging/tongban-window.service").read_text()
    )
    assert (
        "Exec=/opt/tongban/tongban window"
        in (ROOT / "docs/packaging/tongban-window.desktop").read_text()
    )
