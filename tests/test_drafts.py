"""Drafts: one per citizen, shown masked, gone after draft_keep_days with a count in the journal."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from terminal import drafts, journal
from terminal.config import Config, ConfigError, load
from terminal.store import Store

from .conftest import VALID_ID

OTHER_ID = "310104199003070018"


def payload(name: str, id_number: str, address: str = "") -> dict[str, Any]:
    return {
        "applicant": {"kind": "resident_id", "name": name, "id_number": id_number},
        "intake": None,
        "answers": {},
        "form": {"residence_address": address},
        "materials": {},
    }


def save(store: Store, draft_id: str, body: dict[str, Any], at: datetime) -> None:
    drafts.save_draft(
        store,
        draft_id,
        terminal_id="XH-W03",
        clerk="wang.li",
        intake_code=None,
        payload=body,
        at=at,
    )


def test_a_new_draft_for_the_same_citizen_replaces_the_older(store: Store, at: datetime) -> None:
    save(store, "d-1", payload("林样本", VALID_ID, "旧地址"), at)
    save(store, "d-2", payload("陈示例", OTHER_ID), at)
    # The same person, their number typed in lower case this time: the same citizen.
    save(store, "d-3", payload("林样本", VALID_ID.lower(), "新地址"), at + timedelta(minutes=5))
    kept = {d[0]: d[2] for d in drafts.open_drafts(store, "XH-W03")}
    assert set(kept) == {"d-2", "d-3"}
    found = drafts.draft_of(store, VALID_ID)
    assert (
        found is not None
        and found[0] == "d-3"
        and found[1]["form"]["residence_address"] == "新地址"
    )
    # Saving the same draft again (autosave) keeps it.
    save(store, "d-3", payload("林样本", VALID_ID, "新地址2"), at + timedelta(minutes=6))
    assert drafts.draft_of(store, VALID_ID) is not None


def test_a_draft_is_named_masked(store: Store, at: datetime) -> None:
    assert drafts.draft_holder_masked(payload("林样本", VALID_ID)) == "林**"
    assert drafts.draft_holder_masked({"applicant": None}) == ""


def test_old_drafts_are_purged_and_only_their_count_journaled(store: Store, at: datetime) -> None:
    save(store, "old-1", payload("林样本", VALID_ID), at - timedelta(days=8))
    save(store, "old-2", payload("陈示例", OTHER_ID), at - timedelta(days=7, minutes=1))
    save(store, "young", payload("何示范", "810000199202150023"), at - timedelta(days=6))
    gone = drafts.purge_drafts(store, keep_days=7, terminal_id="XH-W03", actor="system", at=at)
    assert gone == 2
    assert [d[0] for d in drafts.open_drafts(store, "XH-W03")] == ["young"]
    entries = [e for e in journal.recent(store.conn) if e.action == "drafts.purged"]
    assert len(entries) == 1 and entries[0].details == {"count": 2, "keep_days": 7}
    written = json.dumps([e.details for e in entries], ensure_ascii=False) + entries[0].subject
    assert "林" not in written and VALID_ID[-4:] not in written
    # Nothing old left: nothing journaled.
    assert drafts.purge_drafts(store, keep_days=7, terminal_id="XH-W03", actor="system", at=at) == 0
    assert len([e for e in journal.recent(store.conn) if e.action == "drafts.purged"]) == 1


def test_the_keep_time_is_configured_and_checked(tmp_path: Path) -> None:
    assert Config().draft_keep_days == 7
    path = tmp_path / "config.toml"
    path.write_text("draft_keep_days = 3\n", encoding="utf-8")
    assert load(path).draft_keep_days == 3
    path.write_text("draft_keep_days = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load(path)
