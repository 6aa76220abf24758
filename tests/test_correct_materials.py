"""A correction of the materials' counts (issue 14), in the store: recorded with before and
after, the rest of the materials kept; a stale or malformed one refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from terminal import case_events, casebook
from terminal.case_approvals import correction_change
from terminal.case_events import Change
from terminal.case_machine import CaseError
from terminal.catalogue import Catalogue
from terminal.store import Store
from tests.approvals import approved

from .test_case_events import come_back, notice_case


def correct(store: Store, case_id: str, changes: list[Change], at: datetime) -> int:
    with store.write():
        return case_events.record_correction(
            store.conn,
            case_id,
            changes=changes,
            reason="份数录错",
            approval=approved(
                store,
                "case.correct",
                case_id,
                "XH-W01",
                at,
                change=correction_change(changes, "份数录错"),
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )


def test_the_counts_are_corrected_and_the_rest_of_the_materials_kept(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    come_back(store, mini_catalogue, case_id, at)
    detail = casebook.load_detail(store, case_id)
    before = detail["materials"]["handed"]["CL-ZLHT"]
    after = {"originals": before["originals"], "copies": before["copies"] + 1}
    changes = case_events.changes_of(
        detail,
        detail["applicant_name"],
        detail["form"],
        {"CL-ZLHT": after, "CL-SFZ": {**detail["materials"]["handed"]["CL-SFZ"]}},
    )
    assert changes == [Change("materials.CL-ZLHT", before, after)]  # only what differs
    assert correct(store, case_id, changes, at) == 3
    now = casebook.load_detail(store, case_id)
    assert now["materials"]["handed"]["CL-ZLHT"] == after
    assert now["materials"]["handed"]["CL-SFZ"] == detail["materials"]["handed"]["CL-SFZ"]
    assert now["materials"]["ecerts"] == detail["materials"]["ecerts"]
    event = case_events.events_of(store.conn, case_id)[-1]
    assert event["changes"] == [{"field": "materials.CL-ZLHT", "before": before, "after": after}]
    with pytest.raises(CaseError):  # the same change again: its 'before' is stale
        correct(store, case_id, changes, at)


@pytest.mark.parametrize(
    "after", [{"originals": -1, "copies": 0}, {"originals": "1", "copies": 0}, {"originals": 1}, 3]
)
def test_counts_that_are_not_counts_are_refused(
    store: Store, mini_catalogue: Catalogue, at: datetime, after: Any
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    come_back(store, mini_catalogue, case_id, at)
    before = casebook.load_detail(store, case_id)["materials"]["handed"]["CL-ZLHT"]
    with pytest.raises(CaseError):
        correct(store, case_id, [Change("materials.CL-ZLHT", before, after)], at)
