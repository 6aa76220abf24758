"""The hall queue on loopback: how long a press takes, and how soon a display hears a call.

Two windows (two data folders) and a display, all enrolled with a reference portal in
its own process, stores on /var/tmp (a disk: fsync is part of the cost). Measured:
- taking a ticket online, both windows at once (per press);
- calling the next ticket online, both windows at once, until nobody waits (per press);
- from the calling window holding the portal's answer to the display's listener
  hearing the call (long poll of the ``queue`` topic, then the store scan);
- offline: numbering and calling from the own range (store only), and handing the
  offline tickets over when the link is back (tickets/s).

Run: .venv/bin/python -m bench.queue_calls [--tickets 2000] [--offline 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import requests

from bench.common import percentiles
from bench.sync_drain import portal
from sync.hall.operations import HallQueue
from sync.hall.push import hand_over_and_push
from sync.hall.watch import QueueEvent, QueueWatcher
from sync.link.client import PortalClient, Timeouts
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from terminal.clock import now
from terminal.hall import load_groups
from terminal.store import open_store

HALL = "徐汇区行政服务中心"
TIMEOUTS = Timeouts(connect=2.0, read=10.0, total=20.0)


def enrolled(work: Path, url: str, terminal: str) -> tuple[Path, TerminalKey]:
    code = f"BENCH-{terminal}"
    requests.post(
        f"{url}/admin/enrol-codes",
        json={"code": code, "terminal_id": terminal, "hall": HALL},
        timeout=10,
    ).raise_for_status()
    data = work / terminal
    store = open_store(data / "tongban.db", create=True)
    key = enrol(data, store, portal_url=url, code=code, terminal_id=terminal, hall=HALL, at=now())
    store.close()
    return data, key


def hall(data: Path, key: TerminalKey, window: int, client: bool = True) -> HallQueue:
    made = PortalClient(key.portal_url, key, timeouts=TIMEOUTS, trust_env=False) if client else None
    return HallQueue(
        open_store(data / "tongban.db"),
        made,
        terminal=key.terminal_id,
        window=window,
        groups=load_groups(),
    )


def in_threads(*jobs: object) -> None:
    threads = [threading.Thread(target=j) for j in jobs]  # type: ignore[arg-type]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--tickets", type=int, default=2000)
    args.add_argument("--offline", type=int, default=1000)
    opts = args.parse_args()
    with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
        work = Path(tmp)
        server = portal(work, "BENCH-UNUSED")
        try:
            desks = [enrolled(work, server.url, t) for t in ("XH-W01", "XH-W02", "XH-D01")]
            online(desks, opts.tickets)
            offline(desks[0], opts.offline)
        finally:
            server.stop()


def online(desks: list[tuple[Path, TerminalKey]], tickets: int) -> None:
    take_ms: list[float] = []
    call_ms: list[float] = []
    answered: dict[str, float] = {}
    heard: dict[str, float] = {}
    done = threading.Event()

    def listen(event: QueueEvent) -> None:
        if event.kind == "call" and event.call is not None:
            heard[event.call.call_id] = time.monotonic()
            if len(heard) >= tickets:
                done.set()

    display_data, display_key = desks[2]
    watcher = QueueWatcher(
        display_data / "tongban.db",
        lambda: PortalClient(
            display_key.portal_url, display_key, timeouts=TIMEOUTS, trust_env=False
        ),
        terminal=display_key.terminal_id,
        listener=listen,
        scan_seconds=0.5,
    )
    watcher.start()

    def take(data: Path, key: TerminalKey, window: int) -> None:
        h = hall(data, key, window)
        for i in range(tickets // 2):
            t0 = time.perf_counter()
            h.take("A" if i % 2 else "C", green=i % 40 == 0)
            take_ms.append((time.perf_counter() - t0) * 1000)

    def call(data: Path, key: TerminalKey, window: int) -> None:
        h = hall(data, key, window)
        while True:
            t0 = time.perf_counter()
            result = h.call_next()
            call_ms.append((time.perf_counter() - t0) * 1000)
            if result.call is None:
                return
            answered[result.call.call_id] = time.monotonic()

    started = time.perf_counter()
    in_threads(*(lambda d=d, w=w: take(*d, w) for d, w in zip(desks[:2], (1, 2), strict=True)))
    took = time.perf_counter() - started
    started = time.perf_counter()
    in_threads(*(lambda d=d, w=w: call(*d, w) for d, w in zip(desks[:2], (1, 2), strict=True)))
    called = time.perf_counter() - started
    done.wait(30)
    lag = [(heard[c] - answered[c]) * 1000 for c in answered if c in heard]
    # A real hall: a call every few seconds, not hundreds a second.
    quiet = hall(*desks[0], 1)
    for _ in range(20):
        quiet.take("A")
    spaced: dict[str, float] = {}
    for _ in range(20):
        time.sleep(0.25)
        result = quiet.call_next()
        if result.call is not None:
            spaced[result.call.call_id] = time.monotonic()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(c in heard for c in spaced):
        time.sleep(0.05)
    watcher.stop(timeout=15)
    calm = [(heard[c] - spaced[c]) * 1000 for c in spaced if c in heard]
    print(
        f"online, two windows at once: {tickets} tickets taken in {took:.2f} s "
        f"({tickets / took:.0f}/s), called in {called:.2f} s ({tickets / called:.0f}/s)"
    )
    print(f"  take, per press:  {percentiles(take_ms)}")
    print(f"  call, per press:  {percentiles(call_ms)}")
    print(f"  display heard {len(lag)}/{tickets}; answer → display listener: {percentiles(lag)}")
    print(f"  a call every 0.25 s, heard {len(calm)}/20; answer → display: {percentiles(calm)}")


def offline(desk: tuple[Path, TerminalKey], tickets: int) -> None:
    data, key = desk
    h = hall(data, key, 1, client=False)
    take_ms, call_ms = [], []
    for i in range(tickets):
        t0 = time.perf_counter()
        h.take("B", green=i % 40 == 0)
        take_ms.append((time.perf_counter() - t0) * 1000)
    for _ in range(tickets // 2):
        t0 = time.perf_counter()
        h.call_next(["B"])
        call_ms.append((time.perf_counter() - t0) * 1000)
    print(f"offline, own range (store only): take {percentiles(take_ms)}")
    print(f"  call: {percentiles(call_ms)}")
    client = PortalClient(key.portal_url, key, timeouts=TIMEOUTS, trust_env=False)
    t0 = time.perf_counter()
    sent = hand_over_and_push(h.store, client, terminal=key.terminal_id, now=now)
    spent = time.perf_counter() - t0
    print(
        f"  handed over when the link is back: {sent} tickets in {spent:.2f} s ({sent / spent:.0f}/s)"
    )


if __name__ == "__main__":
    main()
