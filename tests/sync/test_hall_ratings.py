"""A kiosk rates a case a counter of its hall pushed: by the portal's case id and the last four.

The counter terminal (``terminal``) accepts and pushes the case; the kiosk, another
terminal with its own store, finds it through the portal's status answer and rates it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync.cases.lookup import CaseLookup
from sync.link import protocol
from sync.link.answers import Refused, Taken
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.portal import RunningPortal
from terminal.catalogue import Catalogue
from terminal.ratings import record_hall_rating
from terminal.store import Store, open_store

from .conftest import Terminal
from .helpers import AT, FAST, HALL, Admin, client_for, drain, record_cases

KIOSK = "XH-K90"


@dataclass
class Kiosk:
    store: Store
    client: PortalClient


def _enrol(
    tmp_path: Path, admin: Admin, url: str, terminal_id: str, hall: str, kind: str = "kiosk"
) -> Kiosk:
    code = f"CODE-{terminal_id}"
    body = {"code": code, "terminal_id": terminal_id, "hall": hall, "kind": kind}
    admin.post("/admin/enrol-codes", body)
    data_dir = tmp_path / terminal_id
    store = open_store(data_dir / "tongban.db", create=True)
    key = enrol(
        data_dir,
        store,
        portal_url=url,
        code=code,
        terminal_id=terminal_id,
        hall=hall,
        at=AT,
        timeouts=FAST,
    )
    return Kiosk(store, client_for(key))


@pytest.fixture
def kiosk(tmp_path: Path, admin: Admin, portal: RunningPortal) -> Iterator[Kiosk]:
    k = _enrol(tmp_path, admin, portal.url, KIOSK, HALL)
    yield k
    k.client.close()
    k.store.close()


@pytest.fixture
def pushed(terminal: Terminal, admin: Admin, mini_catalogue: Catalogue) -> tuple[str, str, str]:
    """(case id, receipt, last four) of a case the counter accepted, pushed and the portal finished."""
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client_for(terminal.key))
    admin.set_state(case_id, "completed")
    receipt, id_number = terminal.store.conn.execute(
        "SELECT receipt_no, id_number FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    return case_id, receipt, id_number[-4:]


def _rating(case_id: str, last4: str | None, channel: str = "kiosk") -> tuple[str, str]:
    rid = str(uuid.uuid4())
    body = {
        "format": protocol.RATING_FORMAT,
        "rating_id": rid,
        "case_id": case_id,
        "level": 5,
        "channel": channel,
        "rated_at": "2026-11-26T10:00:00+08:00",
    }
    if last4 is not None:
        body["id_last4"] = last4
    return rid, json.dumps(body)


def _wrong(last4: str) -> str:
    return "0000" if last4 != "0000" else "1111"


def _problem(outcome: object) -> str:
    assert isinstance(outcome, Refused), outcome
    return protocol.problem_name(str(outcome.problem.get("type")))


def test_a_kiosk_of_the_hall_rates_a_counters_case_with_the_last_four(
    kiosk: Kiosk, pushed: tuple[str, str, str], portal: RunningPortal
) -> None:
    case_id, _, last4 = pushed
    assert _problem(kiosk.client.push_one(protocol.PATH_RATINGS, *_rating(case_id, None))) == (
        "unknown-case"
    )  # without the last four, another terminal's case is not its to rate
    wrong = _rating(case_id, _wrong(last4))
    assert _problem(kiosk.client.push_one(protocol.PATH_RATINGS, *wrong)) == "unknown-case"
    counter_channel = _rating(case_id, last4, channel="counter")
    assert _problem(kiosk.client.push_one(protocol.PATH_RATINGS, *counter_channel)) == (
        "unknown-case"
    )
    rid, body = _rating(case_id, last4.lower())  # an X typed in lower case is the same X
    taken = kiosk.client.push_one(protocol.PATH_RATINGS, rid, body)
    assert isinstance(taken, Taken) and taken.answer["case_id"] == case_id
    assert kiosk.client.push_one(protocol.PATH_RATINGS, rid, body).replayed  # type: ignore[union-attr]
    second = kiosk.client.push_one(protocol.PATH_RATINGS, *_rating(case_id, last4))
    assert _problem(second) == "already-rated"
    with portal.portal.db.read() as conn:
        (kept,) = conn.execute("SELECT body FROM ratings").fetchall()
    assert "id_last4" not in json.loads(kept[0])  # checked, then not kept


def test_a_kiosk_of_another_hall_learns_nothing(
    tmp_path: Path, admin: Admin, portal: RunningPortal, pushed: tuple[str, str, str]
) -> None:
    case_id, _, last4 = pushed
    elsewhere = _enrol(tmp_path, admin, portal.url, "JA-K90", "静安区行政服务中心")
    outcome = elsewhere.client.push_one(protocol.PATH_RATINGS, *_rating(case_id, last4))
    # The same answer as a wrong last four or an unknown case.
    assert _problem(outcome) == "unknown-case"
    unknown = elsewhere.client.push_one(protocol.PATH_RATINGS, *_rating(str(uuid.uuid4()), last4))
    assert _problem(unknown) == "unknown-case"
    elsewhere.client.close()
    elsewhere.store.close()


def test_looked_up_rated_and_synced_from_the_kiosks_store(
    kiosk: Kiosk, pushed: tuple[str, str, str], portal: RunningPortal
) -> None:
    case_id, receipt, last4 = pushed
    lookup = CaseLookup(lambda: kiosk.client)
    status = lookup(kiosk.store, receipt, last4)
    assert (status.source, status.case_id, status.finished) == ("portal", case_id, True)
    record_hall_rating(
        kiosk.store, status.case_id, receipt, last4, 4, "", terminal=KIOSK, actor="kiosk", at=AT
    )
    # A second rating of another case, with a wrong last four, is refused by the portal
    # and quarantined with a reason; it does not hold the queue.
    other = str(uuid.uuid4())
    record_hall_rating(
        kiosk.store, other, "X-1", _wrong(last4), 3, "", terminal=KIOSK, actor="kiosk", at=AT
    )
    drain(kiosk.store, kiosk.client)
    rows = kiosk.store.conn.execute(
        "SELECT json_extract(body, '$.case_id'), state, json_extract(reason, '$.id')"
        " FROM outbox ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        (case_id, "sent", None),
        (other, "quarantined", "sync.reason.case_unknown"),
    ]
    with portal.portal.db.read() as conn:
        held = conn.execute("SELECT case_id, level FROM ratings").fetchall()
    assert [tuple(r) for r in held] == [(case_id, 4)]
