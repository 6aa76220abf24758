"""Two terminals (two data folders) and one reference portal: never a ticket called twice.

Online the portal's one atomic call decides; offline each terminal numbers and calls
from its own range; when the portal returns, the offline tickets are handed over with
their numbers, and the hall carries on from there.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

from sync.engine import sync_once
from sync.hall.operations import HallQueue, Result
from sync.hall.push import waiting_rows
from sync.portal import RunningPortal
from sync.state import read_status
from terminal import hall, journal

from ..sync.faultproxy import Fault, FaultProxy
from .conftest import Desk, make_desk, portal_rows


def _in_threads(*jobs: object) -> list[object]:
    """Run each job on its own thread at once; their results, or the first exception raised."""
    results: list[object] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i: int, job: object) -> None:
        start.wait()
        try:
            results[i] = job()  # type: ignore[operator]
        except BaseException as e:  # re-raised below, on the test's thread
            results[i] = e

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        if isinstance(r, BaseException):
            raise r
    return results


def _call_until_empty(hall: HallQueue) -> list[Result]:
    called = []
    while (result := hall.call_next()).ticket is not None:
        called.append(result)
    return called


def test_1000_tickets_called_concurrently_by_two_windows_none_twice(
    desks: list[Desk], portal: RunningPortal
) -> None:
    def take(hall: HallQueue) -> list[Result]:
        return [hall.take("A" if i % 3 else "C", green=i % 50 == 0) for i in range(500)]

    issued = _in_threads(desks[0].job(take), desks[1].job(take))
    tickets = [r.ticket for batch in issued for r in batch]  # type: ignore[attr-defined]
    assert all(r.online for batch in issued for r in batch)  # type: ignore[attr-defined]
    assert len({t.ticket_no for t in tickets}) == 1000

    calls = _in_threads(desks[0].job(_call_until_empty), desks[1].job(_call_until_empty))
    by_window = [[r.ticket.id for r in results] for results in calls]  # type: ignore[attr-defined]
    assert by_window[0] and by_window[1]  # both windows really took part
    assert not set(by_window[0]) & set(by_window[1])
    assert sorted(by_window[0] + by_window[1]) == sorted(t.id for t in tickets)
    # The portal's own record agrees: one call a ticket, none waiting.
    per_ticket = portal_rows(portal, "SELECT ticket_id, count(*) AS n FROM queue_calls GROUP BY 1")
    assert len(per_ticket) == 1000 and {r["n"] for r in per_ticket} == {1}
    states = portal_rows(portal, "SELECT state, count(*) AS n FROM queue_tickets GROUP BY 1")
    assert {r["state"]: r["n"] for r in states} == {"done": 998, "called": 2}
    # The green channel went first in each window's share of its group.
    for results in calls:
        seen = [r.ticket.priority for r in results]  # type: ignore[attr-defined]
        assert "green" not in seen[seen.index("normal") :] or seen.count("green") == 0


def _first_calls(portal: RunningPortal, desks: list[Desk]) -> Counter[str]:
    """How many times each ticket was called a first time, anywhere in the hall."""
    firsts: Counter[str] = Counter(
        r["ticket_id"]
        for r in portal_rows(portal, "SELECT ticket_id FROM queue_calls WHERE nth = 1")
    )
    for desk in desks:  # calls made offline, which only the terminal that made them knows
        rows = desk.store.conn.execute(
            "SELECT ticket_id FROM queue_calls WHERE origin = 'local' AND nth = 1"
        ).fetchall()
        firsts.update(r[0] for r in rows)
    return firsts


def test_portal_down_midway_each_calls_its_own_then_all_merge(
    desks: list[Desk], portal: RunningPortal, proxy: FaultProxy
) -> None:
    w1, w2 = desks[0].hall(proxy.url), desks[1].hall(proxy.url)
    online = [w.take("A").ticket for w in (w1, w2) for _ in range(5)]
    assert [t.ticket_no for t in online if t] == [f"A{n:03d}" for n in range(1, 11)]
    held = w1.call_next().ticket  # window 1 is serving A001 when the link goes
    assert held is not None and w2.call_next().ticket is not None

    proxy.refuse()
    offline = {w.window: [w.take("A") for _ in range(4)] for w in (w1, w2)}
    for window, results in offline.items():
        assert [r.online for r in results] == [False] * 4
        assert [r.ticket.ticket_no for r in results] == [f"A{window}-{n:03d}" for n in range(1, 5)]  # type: ignore[union-attr]
    # Offline, each window calls only its own range: the portal's eight waiting tickets wait.
    called = {w.window: _call_until_empty(w) for w in (w1, w2)}
    for window, results in called.items():
        assert [r.ticket.ticket_no for r in results] == [f"A{window}-{n:03d}" for n in range(1, 5)]  # type: ignore[union-attr]
        assert not any(r.online for r in results)
    assert [t.ticket_no for t in called[1][0].closed] == [held.ticket_no]  # closed offline
    last = called[1][-1].ticket
    assert last is not None
    w1.skip(last.ticket_no)
    assert w1.call_again(last.ticket_no).call.nth == 2  # type: ignore[union-attr]
    late = [w.take("A").ticket for w in (w1, w2)]  # still waiting when the portal returns

    proxy.accept()
    jobs = [d.job(lambda h: (h.sync(), _call_until_empty(h))[1], proxy.url) for d in desks]
    calls = _in_threads(*jobs)
    assert all(r.online for results in calls for r in results)  # type: ignore[attr-defined]

    on_portal = {r["ticket_no"]: r for r in portal_rows(portal, "SELECT * FROM queue_tickets")}
    every = [*online, *(r.ticket for rs in offline.values() for r in rs), *late]
    # A request in doubt when the link went (sent, answer lost) may have been numbered by
    # the portal: such a ghost is cancelled once the link is back, and never called.
    ghosts = [r for r in on_portal.values() if r["state"] == "cancelled"]
    assert all(g["calls"] == 0 and g["origin"] == "portal" for g in ghosts)
    kept = sorted(n for n, r in on_portal.items() if r["state"] != "cancelled")
    assert kept == sorted(t.ticket_no for t in every if t)  # offline numbers kept as printed
    assert on_portal[held.ticket_no]["state"] == "done"  # the offline close reached the portal
    # Skipped and called again offline: the portal has both calls, and the next call closed it.
    assert (on_portal[last.ticket_no]["state"], on_portal[last.ticket_no]["calls"]) == ("done", 2)
    assert {r["state"] for r in on_portal.values()} <= {"called", "done", "cancelled"}
    firsts = _first_calls(portal, desks)
    assert sorted(firsts) == sorted(t.id for t in every if t) and set(firsts.values()) == {1}
    for desk in desks:
        assert waiting_rows(desk.store.conn) == []
        assert journal.verify(desk.store.conn).ok


def test_a_lost_answer_neither_calls_twice_nor_loses_a_ticket(
    desks: list[Desk], portal: RunningPortal, proxy: FaultProxy
) -> None:
    # retry_after=0: every press asks the portal again, so each planned fault meets a request.
    w1, w2 = desks[0].hall(proxy.url, retry_after=0.0), desks[1].hall(proxy.url)
    x, y = w1.take("A").ticket, w1.take("A").ticket
    assert x is not None and y is not None
    # The portal calls X to window 1, and the answer is lost on the way back. (The client's
    # one quick retry, same key, would fetch the answer again: it meets a reset too.)
    proxy.then(Fault.RESET_AFTER_COMMIT, Fault.RESET_BEFORE)
    lost = w1.call_next()
    assert lost.ticket is None and not lost.online
    assert w2.call_next().ticket.id == y.id  # type: ignore[union-attr]  # never X
    # The feed tells window 1 what the portal decided for it.
    sync_once(desks[0].store, desks[0].client(proxy.url), terminal=desks[0].terminal_id)
    assert [t.id for t in hall.current(desks[0].store.conn, 1)] == [x.id]

    # A ticket numbered by the portal whose answer is lost: the citizen gets an offline
    # one at once, and the portal's ghost is cancelled when the link is back.
    proxy.then(Fault.RESET_AFTER_COMMIT, Fault.RESET_BEFORE)
    paper = w1.take("A")
    assert not paper.online and paper.ticket.ticket_no == "A1-001"  # type: ignore[union-attr]
    ghosts = portal_rows(
        portal, "SELECT ticket_no, state FROM queue_tickets WHERE ticket_no = 'A003'"
    )
    assert ghosts == [{"ticket_no": "A003", "state": "waiting"}]
    assert w1.sync()
    assert portal_rows(portal, "SELECT state FROM queue_tickets WHERE ticket_no = 'A003'") == [
        {"state": "cancelled"}
    ]
    assert w2.call_next().ticket.ticket_no == "A1-001"  # type: ignore[union-attr]
    assert w2.call_next().ticket is None
    assert set(_first_calls(portal, desks).values()) == {1}


def test_one_lost_answer_is_fetched_again_at_once_under_the_same_key(
    desks: list[Desk], portal: RunningPortal, proxy: FaultProxy
) -> None:
    w1 = desks[0].hall(proxy.url, retry_after=0.0)
    x = w1.take("A").ticket
    proxy.then(Fault.RESET_AFTER_COMMIT)
    called = w1.call_next()
    assert called.online and called.ticket is not None and called.ticket.id == x.id  # type: ignore[union-attr]
    assert portal_rows(portal, "SELECT calls FROM queue_tickets") == [{"calls": 1}]


def test_two_terminals_claiming_one_window_are_told_not_merged(
    desks: list[Desk], portal: RunningPortal, tmp_path: Path
) -> None:
    w1 = desks[0].hall()
    w1.take("A")
    twin = make_desk(tmp_path, portal, "XH-W09", 1)  # configured with window 1 by mistake
    try:
        clone = twin.hall()
        clone.client = None  # offline from the start: it numbers A1-001 as well
        paper = clone.take("A")
        assert paper.ticket.ticket_no == "A1-001"  # type: ignore[union-attr]
        summary = sync_once(twin.store, twin.client(), terminal=twin.terminal_id)
        assert summary.online
        stuck = read_status(twin.store.conn).stuck
        assert [r.reason["id"] for r in stuck] == ["queue.reason.window_taken"]  # type: ignore[index]
        assert portal_rows(portal, "SELECT count(*) AS n FROM queue_tickets")[0]["n"] == 1
    finally:
        twin.close()


def test_concurrent_windows_through_an_outage_none_twice(
    desks: list[Desk], portal: RunningPortal, proxy: FaultProxy
) -> None:
    """Both windows take and call at full speed; the portal goes away mid-way and returns."""
    rounds, down_at, up_at = 240, 80, 160
    reached = [
        threading.Barrier(3, timeout=60),
        threading.Barrier(3, timeout=60),
    ]  # 2 windows + test

    def work(hall: HallQueue) -> list[Result]:
        results = []
        for i in range(rounds):
            if i in (down_at, up_at):
                reached[i == up_at].wait()  # the test cuts (or restores) the link here
                reached[i == up_at].wait()
            results.append(hall.take("A"))
            results.append(hall.call_next())
        hall.sync()
        return results + _call_until_empty(hall)

    threads = _Background(desks[0].job(work, proxy.url), desks[1].job(work, proxy.url))
    for barrier, change in ((reached[0], proxy.refuse), (reached[1], proxy.accept)):
        barrier.wait()
        change()
        barrier.wait()
    done = threads.results()

    offline_calls = [
        r
        for rs in done
        for r in rs
        if r.call is not None and not r.online  # type: ignore[attr-defined]
    ]
    assert offline_calls  # the outage really happened while they called
    for results, desk in zip(done, desks, strict=True):
        for r in results:  # type: ignore[attr-defined]
            if r.call is not None and not r.online:  # offline: only its own range
                assert hall.offline_range_of(r.ticket.ticket_no) == ("A", desk.window)
    firsts = _first_calls(portal, desks)
    assert set(firsts.values()) == {1}
    rows = portal_rows(portal, "SELECT id, state, calls FROM queue_tickets")
    live = [r for r in rows if r["state"] != "cancelled"]
    # Every citizen's paper is on the portal once and was called once. Besides them, only a
    # ghost (a take whose answer was lost) that another window called before its terminal's
    # cancel arrived: nobody came to that window. A cut makes such a ghost (the request in
    # flight arrives, its answer does not), and the other window may be back first.
    held = [r.ticket.id for rs in done for r in rs[: 2 * rounds : 2]]  # type: ignore[index, union-attr]
    assert len(set(held)) == 2 * rounds
    called_first = _ghosts_called_before_their_cancel(desks)
    assert sorted(r["id"] for r in live) == sorted(held + called_first)
    assert sorted(firsts) == sorted(r["id"] for r in live)
    assert all(r["calls"] == 0 for r in rows if r["state"] == "cancelled")
    assert not [r for r in live if r["state"] == "waiting"]


def _ghosts_called_before_their_cancel(desks: list[Desk]) -> list[str]:
    """Ghosts whose cancel the portal answered with the ticket already called, as each
    terminal kept that signed answer."""
    found = []
    for desk in desks:
        answers = desk.store.conn.execute(
            "SELECT o.body, a.body FROM outbox o JOIN portal_answers a ON a.id = o.answer_id"
            " WHERE o.kind = ? AND o.state = 'sent'",
            (hall.OUTBOX_ACTION,),
        ).fetchall()
        for body, answer in answers:
            ticket = json.loads(answer).get("ticket")
            if json.loads(body)["action"] == "cancel" and ticket and ticket["state"] != "cancelled":
                found.append(ticket["ticket_id"])
    return found


class _Background:
    """Jobs on their own threads while the test goes on; ``results()`` joins them."""

    def __init__(self, *jobs: object) -> None:
        self._result: list[object] = []
        self._thread = threading.Thread(target=lambda: self._result.append(_in_threads(*jobs)))
        self._thread.start()

    def results(self) -> list[object]:
        self._thread.join()
        assert self._result, "a window failed (see the thread's exception above)"
        return self._result[0]  # type: ignore[return-value]
