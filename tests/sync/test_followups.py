"""差评 follow-ups end to end against the reference portal: the kiosk keeps a low rating and
opens its follow-up; the portal takes each step once and feeds it to the hall; a supervisor
at a counter of the hall closes it; the portal and the citizen's status answer see it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.cases.lookup import CaseLookup
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.answers import Refused, Taken
from sync.portal import RunningPortal
from terminal import followups
from terminal.catalogue import Catalogue
from terminal.clerks import Clerk, Role
from terminal.ratings import record_hall_rating
from terminal.workdays import default_calendar

from .conftest import Terminal
from .helpers import AT, HALL, Admin, client_for, drain, record_cases
from .test_hall_ratings import KIOSK, Kiosk, _enrol

RULE = followups.rule_for((1, 2), 5, default_calendar())
SUPERVISOR = Clerk("li.zhuguan", "李主管", Role.SUPERVISOR)


@pytest.fixture
def kiosk(tmp_path: Path, admin: Admin, portal: RunningPortal) -> Iterator[Kiosk]:
    k = _enrol(tmp_path, admin, portal.url, KIOSK, HALL)
    yield k
    k.client.close()
    k.store.close()


@pytest.fixture
def rated(terminal: Terminal, kiosk: Kiosk, admin: Admin, mini_catalogue: Catalogue) -> str:
    """A case the counter pushed and the portal finished, rated 非常不满意 at the kiosk and
    synced from there: the follow-up's id."""
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client_for(terminal.key))
    admin.set_state(case_id, "completed")
    receipt, id_number = terminal.store.conn.execute(
        "SELECT receipt_no, id_number FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    record_hall_rating(
        kiosk.store, case_id, receipt, id_number[-4:], 1, "", terminal=KIOSK, actor="kiosk",
        at=AT, reason="wait", followup=RULE, service="居住证",
    )  # fmt: skip
    drain(kiosk.store, kiosk.client)
    (f,) = followups.listed(kiosk.store.conn)
    return f.id


def _portal_followups(admin: Admin) -> list[dict[str, object]]:
    r = admin.http.get(admin.url + "/admin/followups", timeout=10)
    assert r.status_code == 200
    items: list[dict[str, object]] = r.json()["followups"]
    return items


def test_a_supervisor_at_a_counter_closes_the_kiosks_follow_up_and_the_portal_sees_it(
    terminal: Terminal, kiosk: Kiosk, admin: Admin, rated: str
) -> None:
    (opened,) = _portal_followups(admin)
    assert (opened["followup_id"], opened["state"], opened["hall"]) == (rated, "open", HALL)
    assert opened["reason"] == "等候时间长" and opened["due_date"] == "2026-12-03"
    counter = client_for(terminal.key)
    drain(terminal.store, counter)  # the hall's feed brings the kiosk's follow-up
    (seen,) = followups.listed(terminal.store.conn)
    assert (seen.id, seen.state, seen.service) == (rated, "open", "居住证")
    followups.rectify(
        terminal.store, rated, "已调整午间窗口", by=SUPERVISOR, terminal="XH-W01", at=AT
    )
    followups.revisit(
        terminal.store, rated, reached=True, satisfied=True, how="phone", by=SUPERVISOR,
        terminal="XH-W01", at=AT,
    )  # fmt: skip
    followups.close(terminal.store, rated, by=SUPERVISOR, terminal="XH-W01", at=AT)
    drain(terminal.store, counter)
    (closed,) = _portal_followups(admin)
    assert (closed["state"], closed["closed_by"], closed["revisit_how"]) == (
        "closed",
        "li.zhuguan",
        "phone",
    )
    assert closed["overdue"] is False  # closed: never overdue
    # The portal vouches for the counter whose key signed each step, beside the name it gave.
    assert (closed["rectified_terminal"], closed["closed_terminal"]) == ("XH-W01", "XH-W01")
    # The kiosk hears it through the feed too, and its status answer says it was handled.
    drain(kiosk.store, kiosk.client)
    assert followups.listed(kiosk.store.conn, closed=True)[0].state == "closed"
    receipt, id_number = terminal.store.conn.execute(
        "SELECT receipt_no, id_number FROM cases"
    ).fetchone()
    assert kiosk.client.case_status(receipt, id_number[-4:])["followup"] == "closed"
    status = CaseLookup(lambda: kiosk.client)(kiosk.store, receipt, id_number[-4:])
    assert status.followup == "closed"
    counter.close()


def test_each_step_is_taken_once_and_in_order(
    terminal: Terminal, portal: RunningPortal, rated: str
) -> None:
    counter = client_for(terminal.key)
    drain(terminal.store, counter)
    followups.rectify(terminal.store, rated, "已整改", by=SUPERVISOR, terminal="XH-W01", at=AT)
    key, body = terminal.store.conn.execute(
        "SELECT idempotency_key, body FROM outbox WHERE kind = ?",
        (followups.OUTBOX_FOLLOWUP_STEP,),
    ).fetchone()
    first = counter.push_one(protocol.PATH_FOLLOWUPS, key, body)
    again = counter.push_one(protocol.PATH_FOLLOWUPS, key, body)
    assert isinstance(first, Taken) and isinstance(again, Taken) and again.replayed
    with portal.portal.db.read() as conn:
        steps = [r[0] for r in conn.execute("SELECT step FROM followup_steps ORDER BY rowid")]
    assert steps == ["open", "rectify"]
    # A close before the 回访 is refused by the portal, whatever the terminal says.
    early = json.loads(body) | {"step_id": str(uuid.uuid4()), "step": "close"}
    del early["note"]
    refused = counter.push_one(protocol.PATH_FOLLOWUPS, early["step_id"], json.dumps(early))
    assert isinstance(refused, Refused) and refused.status == 409
    assert protocol.problem_name(str(refused.problem["type"])) == "followup-state"
    counter.close()


def test_a_terminal_of_another_hall_cannot_touch_it(
    tmp_path: Path, admin: Admin, portal: RunningPortal, rated: str
) -> None:
    elsewhere = _enrol(tmp_path, admin, portal.url, "JA-W01", "静安区行政服务中心", "counter")
    step = {
        "format": followups.FORMAT, "step_id": str(uuid.uuid4()), "followup_id": rated,
        "step": "rectify", "by": "x", "at": "2026-11-27T10:00:00+08:00", "note": "改了",
    }  # fmt: skip
    outcome = elsewhere.client.push_one(protocol.PATH_FOLLOWUPS, step["step_id"], json.dumps(step))
    assert isinstance(outcome, Refused) and outcome.status == 422
    assert _portal_followups(admin)[0]["state"] == "open"
    elsewhere.client.close()
    elsewhere.store.close()


def test_the_feed_never_moves_a_follow_up_behind_a_step_not_yet_sent(
    terminal: Terminal, rated: str, kiosk: Kiosk
) -> None:
    from sync.cases.followups import apply_change

    store = kiosk.store
    (f,) = followups.listed(store.conn)
    followups.rectify(store, f.id, "已整改", by=SUPERVISOR, terminal=KIOSK, at=AT)
    portal_says = {
        "followup_id": f.id, "rating_id": "r", "case_id": f.case_id, "receipt_no": f.receipt_no,
        "level": 1, "due_date": f.due_date, "state": "open",
    }  # fmt: skip
    with store.write():
        apply_change(store.conn, portal_says, 10**6)  # the portal has not heard of it yet
    assert followups.listed(store.conn)[0].state == "rectified"
    with store.write():
        apply_change(store.conn, portal_says | {"state": "closed", "closed_by": "x"}, 10**6 + 1)
        apply_change(store.conn, portal_says | {"state": "revisited"}, 10**6)  # an older entry
    assert followups.listed(store.conn, closed=True)[0].closed_by == "x"


def test_a_kiosks_key_cannot_take_a_supervisors_step(
    kiosk: Kiosk, admin: Admin, rated: str
) -> None:
    """The kiosk stands unattended in the public hall: its key opens the follow-up of the
    rating it kept, and nothing more; a close in any supervisor's name is refused."""
    for step, more in (("rectify", {"note": "改了"}), ("close", {})):
        body = {
            "format": followups.FORMAT, "step_id": str(uuid.uuid4()), "followup_id": rated,
            "step": step, "by": "li.zhuguan", "at": "2026-11-27T10:00:00+08:00", **more,
        }  # fmt: skip
        with pytest.raises(LinkDown) as refused:  # about the key: IT's to see, not the row's
            kiosk.client.push_one(protocol.PATH_FOLLOWUPS, body["step_id"], json.dumps(body))
        assert refused.value.params["problem"] == "counter-only"
    (still,) = _portal_followups(admin)
    assert (still["state"], still["rectified_by"], still["closed_by"]) == ("open", None, None)
