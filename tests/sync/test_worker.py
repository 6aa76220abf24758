"""The worker thread: reports to a listener, wakes on demand, serves look-ups, stops cleanly."""

from __future__ import annotations

import queue

import pytest

from sync.errors import LinkDown
from sync.worker import Backoff, SyncEvent, SyncWorker
from terminal.catalogue import Catalogue
from terminal.ratings import RatingRefused, record_rating

from .conftest import Terminal
from .faultproxy import FaultProxy
from .helpers import AT, TERMINAL, Admin, client_for, drain, invented_id, record_cases


def _next_status(events: queue.Queue[SyncEvent]) -> SyncEvent:
    while True:
        event = events.get(timeout=30)
        if event.kind == "status":
            return event


def test_the_worker_syncs_in_its_own_thread_and_reports(
    terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    events: queue.Queue[SyncEvent] = queue.Queue()
    record_cases(terminal.store, mini_catalogue, 4)
    proxy.refuse()
    worker = SyncWorker(
        terminal.store.path,
        lambda: client_for(terminal.key, proxy.url),
        terminal=TERMINAL,
        listener=events.put,
        poll_seconds=60,
        backoff=Backoff(base=0.05, cap=0.2),
        seed=1,
    )
    worker.start()
    try:
        offline = _next_status(events)
        assert offline.status is not None and offline.status.online is False
        assert offline.status.waiting == 4 and offline.status.offline_since
        proxy.accept()
        while True:  # backoff retries on its own, without being woken
            event = _next_status(events)
            if event.status is not None and event.status.online:
                break
        assert event.status.waiting == 0 and len(admin.cases()) == 4
        # A new case: wake() pushes it now instead of at the next poll, a minute away.
        record_cases(terminal.store, mini_catalogue, 1, start=10)
        worker.wake()
        woken = _next_status(events)
        assert woken.summary is not None and woken.summary.pushed == 1
        # An e-certificate look-up for the citizen at the counter, answered by the worker.
        admin.post(
            "/admin/ecerts",
            {
                "id_number": invented_id(3),
                "material": "CL-SFZ",
                "title": "居民身份证电子证照",
                "issuer": "测试公安局",
            },
        )
        answer = worker.lookup_ecerts(invented_id(3), "CL-SFZ").result(timeout=30)
        assert not answer.from_cache and [c.material for c in answer.certificates] == ["CL-SFZ"]
        # The link drops: the same question gets what the portal confirmed, marked as such.
        proxy.refuse()
        cached = worker.lookup_ecerts(invented_id(3), "CL-SFZ").result(timeout=30)
        assert cached.from_cache and cached.certificates == answer.certificates
    finally:
        worker.stop()
        worker.join(timeout=30)
    assert not worker.is_alive()


def test_backoff_grows_with_jitter_and_stays_under_its_cap() -> None:
    import random

    rng = random.Random(3)
    policy = Backoff(base=1.0, cap=60.0)
    delays = [policy.delay(n, rng) for n in range(12)]
    assert all(0.5 * min(60, 2**n) <= d <= min(60, 2**n) for n, d in enumerate(delays))
    assert len({round(d, 6) for d in delays}) == len(delays)


def test_a_rating_goes_once_after_its_case(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    # The core records the rating (terminal/ratings.py); sync sends it, after its case.
    record_rating(
        terminal.store, case_id, 5, "很快", channel="kiosk", terminal=TERMINAL, actor="c", at=AT
    )
    with pytest.raises(RatingRefused):
        record_rating(
            terminal.store, case_id, 4, "", channel="kiosk", terminal=TERMINAL, actor="c", at=AT
        )
    drain(terminal.store, client_for(terminal.key))
    kinds = terminal.store.conn.execute("SELECT kind, state FROM outbox ORDER BY id").fetchall()
    assert [tuple(k) for k in kinds] == [("case.push", "sent"), ("rating.push", "sent")]
    on_portal = admin.cases()
    assert [c["case_id"] for c in on_portal] == [case_id]


def test_link_errors_say_whether_the_request_may_have_arrived(terminal: Terminal) -> None:
    client = client_for(terminal.key, "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(LinkDown) as e:
        client.changes(0, 1)
    assert e.value.msg_id == "sync.link.unreachable" and not e.value.reached
