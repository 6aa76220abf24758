"""Next year's holidays from the portal: a published calendar reaches the terminal through
the signed feed, is checked, and counts the cases received after it; a date already promised
to a citizen never moves; a calendar that fails its checks is refused and the old one stays."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

import pytest

from sync.engine import sync_once
from sync.feed.calendar import fetch_announced, fetch_document
from sync.feed.pull import pull
from sync.portal.server import RunningPortal
from sync.report import status_lines
from sync.state import read_status
from terminal import calendar_versions, casebook
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.config import Config
from terminal.documents.model import case_document
from terminal.identity import DocumentKind
from terminal.workdays import Calendar

from ..calendars import WORKING_WEEKENDS_2027, calendar_document, year
from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import TERMINAL, Admin, client_for, invented_id

# Thursday 4 February 2027, the eve of the (invented) Spring Festival week: the residence
# permit's 15 working days end on 25 February counting weekends only, and on 3 March with
# 6–12 February off and Sunday 14 February worked.
RECEIVED = datetime(2027, 2, 4, 10, 0, tzinfo=CHINA)
WEEKENDS_ONLY_DUE = date(2027, 2, 25)
WITH_2027_DUE = date(2027, 3, 3)


def receive(terminal: Terminal, cat: Catalogue, calendar: Calendar, i: int) -> str:
    """A residence-permit case accepted on RECEIVED, counted with ``calendar``."""
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP", "CL-ZLHT")})
    form = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}
    capture = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "测试", invented_id(i)),
        {"first": "yes", "agent": "no"},
        form,
        given,
    )
    decided = decide(cat, capture, Decision.ACCEPTED, received_at=RECEIVED, calendar=calendar)
    with terminal.store.write():
        casebook.record_decision(
            terminal.store.conn, decided, terminal_id=TERMINAL, clerk="w", at=RECEIVED
        )
    return capture.case_id


def promised(terminal: Terminal, cat: Catalogue, case_id: str) -> str | None:
    """The 承诺办结日期 a receipt printed now would carry."""
    detail = casebook.load_detail(terminal.store, case_id)
    doc = case_document(detail, cat, Config(), clerk_name="测试", printed_at=RECEIVED)
    return doc.due_date


def journaled(terminal: Terminal, action: str) -> list[str]:
    rows = terminal.store.conn.execute(
        "SELECT subject FROM journal WHERE action = ? ORDER BY seq", (action,)
    )
    return [r[0] for r in rows]


def in_force(terminal: Terminal) -> calendar_versions.InForce:
    return calendar_versions.in_force(terminal.store.conn, terminal.data_dir)


def test_a_published_year_counts_the_next_case_and_the_promised_date_printed_stays(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    before = in_force(terminal)
    assert before.version is None and not before.calendar.covers(2027)
    first = receive(terminal, mini_catalogue, before.calendar, 1)
    assert promised(terminal, mini_catalogue, first) == WEEKENDS_ONLY_DUE.isoformat()

    admin.post("/admin/calendar", {"version": "2027.1", "document": calendar_document("2027.1")})
    assert sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL).online
    after = in_force(terminal)
    assert after.version == "2027.1" and after.calendar.covers(2027)
    assert after.calendar.covers(2026)  # the shipped year is in the version too
    second = receive(terminal, mini_catalogue, after.calendar, 2)
    assert promised(terminal, mini_catalogue, second) == WITH_2027_DUE.isoformat()
    # The citizen received before holds a receipt saying 25 February: it stays so.
    assert promised(terminal, mini_catalogue, first) == WEEKENDS_ONLY_DUE.isoformat()

    lines = status_lines(read_status(terminal.store.conn))
    assert any("2027.1" in line and "2027" in line for line in lines), lines
    assert journaled(terminal, "calendar.ready") == ["2027.1"]
    # The window reads it before its store thread runs, through a connection of its own.
    at_start = calendar_versions.calendar_in(terminal.store.path, terminal.data_dir)
    assert at_start.add_working_days(RECEIVED.date(), 15) == WITH_2027_DUE


def spoiled(how: str) -> dict[str, Any]:
    document = calendar_document("2027.2")
    year = document["years"]["2027"]
    if how == "weekday_makeup":
        year["working_weekends"].append("2027-03-03")  # a Wednesday
    elif how == "twice":
        year["holidays"].append("2027-10-01")
    elif how == "dropped":
        year["holidays"].remove("2027-05-03")  # the totals no longer match the lists
    return document


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        ("tamper", "校验值"),  # the bytes fetched are not the bytes the signed feed announced
        ("weekday_makeup", "2027-03-03"),
        ("twice", "2027-10-01"),
        ("dropped", "漏列"),
    ],
)
def test_a_calendar_that_fails_its_checks_is_refused_and_the_previous_stays(
    terminal: Terminal, admin: Admin, portal: RunningPortal, spoil: str, said: str
) -> None:
    admin.post("/admin/calendar", {"version": "2027.1", "document": calendar_document("2027.1")})
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert in_force(terminal).version == "2027.1"
    if spoil == "tamper":
        admin.post(
            "/admin/calendar", {"version": "2027.2", "document": calendar_document("2027.2")}
        )
        with portal.portal.db.write() as db:  # changed after it was announced
            changed = calendar_document("2027.2")
            changed["years"]["2027"]["holidays"].remove("2027-04-05")
            db.execute(
                "UPDATE calendar_versions SET document = ? WHERE version = '2027.2'",
                (json.dumps(changed),),
            )
    else:
        # A portal that does not check what it publishes (the reference portal does):
        # announced as is, the terminal's own checks must catch it.
        publish_unchecked(portal, "2027.2", spoiled(spoil))
    summary = sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert summary.online  # a bad calendar is not a lost link: cases keep flowing
    newest = calendar_versions.newest(terminal.store.conn)
    assert newest is not None and newest.state == "refused"
    assert newest.problem is not None and said in newest.problem, newest.problem
    lines = status_lines(read_status(terminal.store.conn))
    assert any(said in line for line in lines), lines
    assert in_force(terminal).version == "2027.1"  # the previous one stays in force
    assert journaled(terminal, "calendar.refused") == ["2027.2"]


def publish_unchecked(portal: RunningPortal, version: str, document: dict[str, Any]) -> None:
    import hashlib

    from sync.link import protocol
    from sync.portal import feed

    text = protocol.canonical_json(document)
    data = {
        "version": version,
        "sha256": hashlib.sha256(text).hexdigest(),
        "published_at": "2026-12-01T09:00:00+08:00",
    }
    with portal.portal.db.write() as db:
        db.execute(
            "INSERT INTO calendar_versions (version, sha256, published_at, document)"
            " VALUES (?, ?, ?, ?)",
            (version, data["sha256"], data["published_at"], text.decode()),
        )
        feed.emit(db, "calendar", feed.EVERYONE, data, portal.portal.clock())


def test_the_portal_refuses_to_publish_a_year_that_does_not_add_up(admin: Admin) -> None:
    document = spoiled("dropped")
    r = admin.http.post(
        admin.url + "/admin/calendar", json={"version": "2027.2", "document": document}, timeout=10
    )
    assert r.status_code == 422, r.text
    assert "漏列" in r.json()["detail"]
    # A version is never replaced: a correction is a new version.
    admin.post("/admin/calendar", {"version": "2027.3", "document": calendar_document("2027.3")})
    again = admin.http.post(
        admin.url + "/admin/calendar",
        json={"version": "2027.3", "document": calendar_document("2027.3")},
        timeout=10,
    )
    assert again.status_code == 409


@pytest.mark.parametrize("lie", [Fault.EMPTY_200, Fault.REPLAY_OLD])
def test_an_answer_without_the_portal_s_signature_is_not_read_and_the_old_one_stays(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, lie: Fault
) -> None:
    admin.post("/admin/calendar", {"version": "2027.1", "document": calendar_document("2027.1")})
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    changed = calendar_document("2027.2")
    changed["years"]["2027"]["holidays"].remove("2027-04-05")
    changed["years"]["2027"] = year(
        changed["years"]["2027"]["holidays"], WORKING_WEEKENDS_2027, 2027
    )
    admin.post("/admin/calendar", {"version": "2027.2", "document": changed})
    client = client_for(terminal.key, proxy.url)
    pull(terminal.store, client, terminal=TERMINAL, now=lambda: RECEIVED)  # the feed, signed
    # Something in the middle answers the document's request: an empty 200, or the portal's
    # signed answer to an earlier request (2027.1's document, which would be refused for its
    # checksum if it were read). Neither is the portal's word on this request.
    assert fetch_document(client, "2027.1") == calendar_document("2027.1")
    proxy.then(lie)
    assert fetch_announced(terminal.store, client, terminal=TERMINAL, now=lambda: RECEIVED) == 0
    newest = calendar_versions.newest(terminal.store.conn)
    assert newest is not None and (newest.version, newest.state) == ("2027.2", "announced")
    assert in_force(terminal).version == "2027.1"
    # The next pass, with the portal's own answer, settles it.
    assert fetch_announced(terminal.store, client, terminal=TERMINAL, now=lambda: RECEIVED) == 1
    force = in_force(terminal)
    assert force.version == "2027.2" and force.calendar.is_working_day(date(2027, 4, 5))
