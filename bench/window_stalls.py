"""How long the clerk's window can freeze while 10,000 cases sync and cards are read.

A heartbeat timer on the GUI thread ticks every 10 ms; the worst gap between
ticks, less the 10 ms, is the longest stall a clerk could feel. Target: worst
stall ≤ 50 ms. The portal runs in its own process, as it would; the card
reader is the simulated one on the real device thread, a card placed and
taken away every 300 ms.
Run: .venv/bin/python -m bench.window_stalls [--cases 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer

from bench.sync_drain import portal, queue_offline
from devices.cards.samples import SAMPLE_CITIZENS
from devices.cards.simulated import SimulatedReader
from sync.link.enrol import enrol
from sync.worker import Backoff
from terminal import clerks
from terminal.clock import now
from terminal.config import Config
from terminal.store import open_store
from ui.app import application, build_context, open_window, prepare, shutdown
from ui.bridge import Bridge

TICK_MS = 10
CODE = "BENCH-STALLS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--limit", type=float, default=180.0, help="give up after this many seconds"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        work = Path(folder)
        data = work / "terminal"
        data.mkdir()
        queue_offline(data / "tongban.db", args.cases)
        server = portal(work, CODE)
        try:
            store = open_store(data / "tongban.db")
            enrol(
                data,
                store,
                portal_url=server.url,
                code=CODE,
                terminal_id="XH-W01",
                hall="bench",
                at=now(),
            )
            store.close()
            run(data, args.cases, args.limit)
        finally:
            server.stop()


def run(data: Path, cases: int, limit: float) -> None:
    app = application()
    config = replace(Config(), terminal_id="XH-W01", printer=f"folder:{data / 'prints'}")
    prepare(app, config)
    ctx = build_context(config, data)
    ctx.clerk = clerks.Clerk("bench", "bench", clerks.Role.CLERK)
    window = open_window(ctx)
    window.show()
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    reader = SimulatedReader()
    bridge.start_reader(reader)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        t = clock.elapsed()
        gaps.append(t - last[0])
        last[0] = t

    heartbeat = QTimer(window)
    heartbeat.setInterval(TICK_MS)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    stop = threading.Event()
    cards = list(SAMPLE_CITIZENS.values())[:4]
    reads = [0]

    def shuffle_cards() -> None:
        i = 0
        while not stop.is_set():
            reader.place(cards[i % len(cards)])
            time.sleep(0.15)
            reader.remove()
            time.sleep(0.15)
            i += 1
            reads[0] = i

    started = time.perf_counter()
    bridge.start_sync(poll_seconds=0.5, backoff=Backoff(base=0.2, cap=1.0))
    threading.Thread(target=shuffle_cards, daemon=True).start()
    drained = [0.0]

    def check() -> None:
        status = window.links.sync_status
        if status is not None and status.waiting == 0 and status.online:
            drained[0] = time.perf_counter() - started
            app.quit()
        elif time.perf_counter() - started > limit:
            app.quit()

    watcher = QTimer(window)
    watcher.setInterval(200)
    watcher.timeout.connect(check)
    watcher.start()
    app.exec()
    stop.set()
    heartbeat.stop()
    watcher.stop()
    shutdown(ctx)
    window.close()
    window.deleteLater()
    app.processEvents()
    stalls = sorted(max(0.0, g - TICK_MS) for g in gaps[5:])
    p99 = stalls[int(len(stalls) * 0.99)] if stalls else 0.0
    print(
        f"cases synced: {cases:,} in {drained[0]:.1f} s"
        if drained[0]
        else "did not drain within the limit"
    )
    print(f"cards placed and removed: {reads[0]}")
    print(
        f"heartbeats: {len(gaps)}  stall median {statistics.median(stalls):.1f} ms  p99 {p99:.1f} ms  "
        f"worst {stalls[-1]:.1f} ms   target worst ≤ 50 ms"
    )


if __name__ == "__main__":
    main()
