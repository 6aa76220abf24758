"""Every fault between terminal and portal: afterwards each case is on the portal exactly once."""

from __future__ import annotations

import pytest

from sync.state import read_status
from terminal import journal
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import Admin, assert_exactly_once, client_for, drain, record_cases

TRANSIENT = [
    Fault.RESET_BEFORE,
    Fault.RESET_AFTER_COMMIT,
    Fault.STALL_BEFORE,
    Fault.STALL_AFTER_COMMIT,
    Fault.TRICKLE,
    Fault.ERROR_503,
    Fault.ERROR_500_AFTER_COMMIT,
    Fault.GARBLE,
    Fault.CONFLICT_409,  # on the batch endpoint a 409 is no answer of ours: retried
]


@pytest.mark.parametrize("fault", TRANSIENT, ids=lambda f: f.value)
def test_each_fault_leaves_every_case_on_the_portal_exactly_once(
    fault: Fault,
    terminal: Terminal,
    admin: Admin,
    proxy: FaultProxy,
    mini_catalogue: Catalogue,
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 12)
    proxy.then(fault, Fault.PASS, fault, fault)  # the first batch, and a burst on the third
    client = client_for(terminal.key, proxy.url)
    drain(terminal.store, client, batch_size=4)
    assert proxy.applied[fault] == 3
    assert_exactly_once(terminal.store, admin, ids)


def test_a_burst_of_5xx_then_recovery(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 10)
    proxy.then(*[Fault.ERROR_503] * 8, *[Fault.ERROR_500_AFTER_COMMIT] * 4)
    client = client_for(terminal.key, proxy.url)
    drain(terminal.store, client, batch_size=5)
    assert_exactly_once(terminal.store, admin, ids)
    # The rows that kept failing were tried alone, and counted their attempts.
    attempts = [r[0] for r in terminal.store.conn.execute("SELECT attempts FROM outbox")]
    assert max(attempts) > 1


def test_random_faults_on_every_request(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 60)
    # Stalls cost seconds each; a 409 to a row sent alone is a refusal (quarantined, on purpose).
    slow_or_final = (Fault.STALL_BEFORE, Fault.STALL_AFTER_COMMIT, Fault.CONFLICT_409)
    quick = [f for f in TRANSIENT if f not in slow_or_final]
    proxy.at_random(quick, rate=0.5, seed=7)
    client = client_for(terminal.key, proxy.url)
    drain(terminal.store, client, batch_size=7, passes=400)
    assert sum(proxy.applied[f] for f in quick) > 10
    assert_exactly_once(terminal.store, admin, ids)


def test_portal_down_then_back(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 6)
    proxy.refuse()
    client = client_for(terminal.key, proxy.url)
    from sync.engine import sync_once

    first = sync_once(terminal.store, client, terminal="XH-W01")
    assert not first.online
    status = read_status(terminal.store.conn)
    assert status.online is False and status.offline_since and status.waiting == 6
    assert status.problem and status.problem["id"] == "sync.link.unreachable"
    second = sync_once(terminal.store, client, terminal="XH-W01")
    # Offline since the first failure, not the latest one.
    assert second.status.offline_since == status.offline_since
    proxy.accept()
    drain(terminal.store, client)
    assert_exactly_once(terminal.store, admin, ids)
    after = read_status(terminal.store.conn)
    assert after.online is True and after.offline_since is None and after.last_success
    # The outage is on the record once, from when to when (two failed passes, one down).
    link = [e for e in journal.recent(terminal.store.conn, 200) if e.action.startswith("link.")]
    assert [e.action for e in reversed(link)] == ["link.down", "link.up"]
    up = link[0]
    assert up.details["down_from"] == status.offline_since and up.actor == "system"
    assert status.offline_since <= up.details["down_to"] <= after.last_success
    assert up.terminal == "XH-W01"
    assert journal.verify(terminal.store.conn).ok


def test_the_first_ask_after_an_outage_is_answered_not_failed_on_a_dead_pooled_connection(
    terminal: Terminal, proxy: FaultProxy
) -> None:
    client = client_for(terminal.key, proxy.url)
    client.portal_time()  # a kept-alive connection now sits in the pool
    proxy.refuse()  # the hall's network drops: every open connection is cut
    proxy.accept()  # and comes back
    # The kiosk's citizen asks right then: the dead pooled connection must not be the answer.
    assert client.portal_time() > 0
