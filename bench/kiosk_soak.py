"""10,000 kiosk sessions driven like citizens drive them: memory must not grow.

Each session opens a screen, types (as the keypad or a scanner would), waits
for the answer from the store worker, then is left alone until the idle wipe.
RSS is read after a warm-up and at the end; target growth ≤ 20 MB.
Run: .venv/bin/python -m bench.kiosk_soak [--sessions 10000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent

from terminal.catalogue import load_default
from terminal.config import Config
from terminal.importer import import_file
from terminal.store import open_store
from terminal.workdays import default_calendar
from ui.app import application, build_context, prepare, shutdown
from ui.kiosk.pages import StatusPage
from ui.kiosk.window import KioskWindow

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 300


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def wait_for(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        QCoreApplication.processEvents()
        time.sleep(0.0005)


def session(kiosk: KioskWindow, i: int, receipts: list[str]) -> None:
    kind = i % 3
    if kind == 0:
        kiosk.open_page("status")
        page = kiosk.pages["status"]
        assert isinstance(page, StatusPage)
        page.form.reference.setText(receipts[i % len(receipts)])
        page.form.last4.setText("0000")
        page.form.submit.click()
        # The page says 正在查询 at once; wait for the answer itself ("not found": 0000).
        wait_for(lambda: "没有找到" in page.result.text())
    elif kind == 1:
        kiosk.open_page("guide")
        guide = kiosk.pages["guide"]
        guide.show_department("GA")  # type: ignore[attr-defined]
        guide.choose("310104-GA-JZZ-0001")  # type: ignore[attr-defined]
        for q, v in (
            ("jzz_apply_type", "first"),
            ("jzz_basis", "study"),
            ("residence_type", "owned"),
        ):
            guide.answer(q, v)  # type: ignore[attr-defined]
    else:
        kiosk.open_page("rate")
    kiosk.idle.expire_now()
    QCoreApplication.processEvents()
    # The running kiosk's event loop deletes deleteLater() widgets on its own;
    # processEvents() alone does not, so do what the loop would.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        store = open_store(data / "tongban.db", create=True)
        receipts = import_file(
            store,
            ROOT / "docs/examples/case-import.json",
            catalogue=load_default(),
            calendar=default_calendar(),
            terminal_id="XH-K01",
            actor="sup.test",
        ).receipt_nos
        store.close()
        app = application()
        config = Config(terminal_id="XH-K01", large_type=True)
        prepare(app, config)
        ctx = build_context(config, data)
        kiosk = KioskWindow(ctx)
        kiosk.resize(1280, 800)
        kiosk.show()
        t0 = time.perf_counter()
        for i in range(WARM_UP):
            session(kiosk, i, receipts)
        start = rss_mb()
        for i in range(args.sessions):
            session(kiosk, i, receipts)
        end = rss_mb()
        seconds = time.perf_counter() - t0
        kiosk.may_close = True
        shutdown(ctx)
    print(f"{args.sessions:,} sessions (+{WARM_UP} warm-up) in {seconds:.0f} s")
    print(
        f"RSS after warm-up {start:.1f} MB, at the end {end:.1f} MB: growth {end - start:+.1f} MB"
        "   target ≤ 20 MB"
    )


if __name__ == "__main__":
    main()
