"""A catalogue version the portal publishes: fetched, checked, used from the next start;
a document that does not match its announcement or the catalogue's rules is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sync.engine import sync_once
from sync.feed.catalogue import fetch_announced
from sync.feed.pull import pull
from sync.portal.server import RunningPortal
from sync.report import status_lines
from sync.state import read_status
from terminal import catalogue_versions
from terminal.catalogue import Catalogue, load_default

from .conftest import Terminal
from .faultproxy import FaultProxy
from .helpers import AT, TERMINAL, Admin, catalogue_document, client_for, record_cases

RESIDENCE_PERMIT = "310104-GA-JZZ-0001"


def renamed(version: str, name: str) -> dict[str, Any]:
    """The shipped catalogue under another version, with the residence permit renamed."""
    document = catalogue_document(version)
    for service in document["services"]:
        if service["code"] == RESIDENCE_PERMIT:
            service["name"] = name
    return document


def journaled(terminal: Terminal, action: str) -> list[str]:
    rows = terminal.store.conn.execute(
        "SELECT subject FROM journal WHERE action = ? ORDER BY seq", (action,)
    )
    return [r[0] for r in rows]


def test_a_published_version_is_checked_and_used_and_cases_keep_theirs(
    terminal: Terminal, admin: Admin
) -> None:
    conn = terminal.store.conn
    assert catalogue_versions.current(conn).version == load_default().version
    admin.post(
        "/admin/catalogue", {"version": "2026.12", "document": renamed("2026.12", "居住证A")}
    )
    assert sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL).online
    status = read_status(conn)
    assert (status.portal_catalogue, status.portal_catalogue_state) == ("2026.12", "ready")
    assert any("2026.12" in line for line in status_lines(status))
    now_used = catalogue_versions.current(conn)
    assert now_used.version == "2026.12"
    assert now_used.services[RESIDENCE_PERMIT].name == "居住证A"
    assert journaled(terminal, "catalogue.ready") == ["2026.12"]
    # A later version takes over; a case accepted under 2026.12 still prints with its names.
    admin.post(
        "/admin/catalogue", {"version": "2027.01", "document": renamed("2027.01", "居住证B")}
    )
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert catalogue_versions.current(conn).services[RESIDENCE_PERMIT].name == "居住证B"
    kept = catalogue_versions.for_version(conn, "2026.12")
    assert kept.services[RESIDENCE_PERMIT].name == "居住证A"
    # The window reads it before its store thread runs, through a connection of its own.
    assert catalogue_versions.current_in(terminal.store.path).version == "2027.01"


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        ("tamper", "校验值"),  # the bytes fetched are not the bytes announced
        ("other_version", "2099.01"),  # the document names another version
        ("unknown_department", "NOPE"),  # the catalogue's own rules refuse it
    ],
)
def test_a_version_that_fails_its_checks_is_refused_and_the_old_one_stays(
    terminal: Terminal, admin: Admin, portal: RunningPortal, spoil: str, said: str
) -> None:
    document = catalogue_document("2026.12")
    if spoil == "other_version":
        document["version"] = "2099.01"
    if spoil == "unknown_department":
        document["services"][0]["department"] = "NOPE"
    admin.post("/admin/catalogue", {"version": "2026.12", "document": document})
    if spoil == "tamper":
        with portal.portal.db.write() as db:
            db.execute(
                "UPDATE catalogue_versions SET document = ? WHERE version = '2026.12'",
                (json.dumps(renamed("2026.12", "改过的名称")),),
            )
    summary = sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert summary.online  # a bad catalogue is not a lost link: cases keep flowing
    status = read_status(terminal.store.conn)
    assert status.portal_catalogue_state == "refused"
    assert status.portal_catalogue_problem is not None and said in status.portal_catalogue_problem
    assert any(said in line for line in status_lines(status))
    assert catalogue_versions.current(terminal.store.conn).version == load_default().version
    assert journaled(terminal, "catalogue.refused") == ["2026.12"]


def test_a_lost_link_leaves_the_version_to_fetch_at_a_later_pass(
    terminal: Terminal, admin: Admin, proxy: FaultProxy
) -> None:
    admin.post(
        "/admin/catalogue", {"version": "2026.12", "document": catalogue_document("2026.12")}
    )
    pull(terminal.store, client_for(terminal.key), terminal=TERMINAL, now=lambda: AT)
    proxy.refuse()
    client = client_for(terminal.key, proxy.url)
    assert fetch_announced(terminal.store, client, terminal=TERMINAL, now=lambda: AT) == 0
    assert read_status(terminal.store.conn).portal_catalogue_state == "announced"
    proxy.accept()
    client = client_for(terminal.key, proxy.url)
    assert fetch_announced(terminal.store, client, terminal=TERMINAL, now=lambda: AT) == 1
    assert catalogue_versions.current(terminal.store.conn).version == "2026.12"


def test_a_portal_failing_on_the_catalogue_does_not_stop_cases_from_going_out(
    terminal: Terminal, admin: Admin, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    admin.post(
        "/admin/catalogue", {"version": "2026.12", "document": catalogue_document("2026.12")}
    )
    with portal.portal.db.write() as db:
        good = db.execute("SELECT document FROM catalogue_versions").fetchone()[0]
        db.execute("UPDATE catalogue_versions SET document = '{'")  # the portal answers 500
    record_cases(terminal.store, mini_catalogue, 1)
    summary = sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert summary.online and summary.pushed == 1  # the pass is not failed by the catalogue
    assert read_status(terminal.store.conn).portal_catalogue_state == "announced"
    with portal.portal.db.write() as db:
        db.execute("UPDATE catalogue_versions SET document = ?", (good,))
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert read_status(terminal.store.conn).portal_catalogue_state == "ready"
