"""The return deadline of a 补正 notice, per service (issue 14): the catalogue sets it (the
hall's 20 working days where it is silent), the notice records it, and what the notice
printed is what the window, the kiosk and the portal say later."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from terminal import case_events, casebook, catalogue
from terminal.catalogue import Catalogue, CatalogueError
from terminal.store import Store
from terminal.workdays import default_calendar

from .test_case_events import notice_case

CAL = default_calendar()
MINI = Path(__file__).parent / "data" / "mini_catalogue.json"


def mini(change: dict[str, Any] | None = None) -> Catalogue:
    raw = json.loads(MINI.read_text("utf-8"))
    service = next(s for s in raw["services"] if s["code"] == "T-GA-JZZ")
    if change is not None:
        service.pop("return_working_days", None)
        service.update(change)
    return catalogue.parse(copy.deepcopy(raw), "mini")


def test_a_service_sets_its_deadline_and_a_silent_one_gets_the_halls_twenty() -> None:
    assert mini().services["T-GA-JZZ"].return_working_days == 10
    assert mini({}).services["T-GA-JZZ"].return_working_days == 20
    assert mini().services["T-WJ-CSZM"].return_working_days == 20
    # One notice for a bundle: the shortest deadline of its services.
    assert mini().intake("T-B-1").return_working_days == 10
    for wrong in (0, 251, "twenty"):
        with pytest.raises(CatalogueError):
            mini({"return_working_days": wrong})


def test_the_notice_records_the_services_deadline_and_the_counter_says_it(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    from terminal.case_status import look_up

    case_id = notice_case(store, mini_catalogue, at)
    detail = casebook.load_detail(store, case_id)
    ten = CAL.add_working_days(at.date(), 10).isoformat()
    assert detail["return_by"] == ten and "return_by" not in detail["materials"]
    [pushed] = store.conn.execute("SELECT body FROM outbox WHERE case_id = ?", (case_id,))
    assert json.loads(pushed[0])["return_by"] == ten  # the portal tells the kiosk the same
    case_events.for_documents(store.conn, detail)
    assert detail["return_by"] == ten  # what the notice prints
    assert ten in look_up(store, detail["receipt_no"], detail["id_number"][-4:]).advice


def test_a_notice_recorded_before_the_deadline_was_kept_counts_the_halls_twenty(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with store.write():  # as a row written before this version looks
        store.conn.execute(
            "UPDATE cases SET materials = json_remove(materials, '$.return_by') WHERE id = ?",
            (case_id,),
        )
    detail = casebook.load_detail(store, case_id)
    assert detail["return_by"] is None
    case_events.for_documents(store.conn, detail)
    assert detail["return_by"] == CAL.add_working_days(at.date(), 20).isoformat()
