"""Cold start to a usable window, as a ratio to a bare PySide6 QMainWindow started the same way.

Target under 2.0× (issue 19), with a store of 100,000 cases (opening must not grow with it);
the clerk never sees this start: ui/run.py builds the window behind the sign-in (last lines).
Each run is a new process, offscreen, timed from exec to the first shown
window's first paint; the clerk's password check (scrypt, ~50 ms, while the
clerk types) is left out of both.
Run: .venv/bin/python -m bench.window_start [--runs 15] [--cases 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Both programs print the wall-clock time of their first paint and quit; the parent's clock
# started just before exec, so what happens at exit (threads joined, Qt torn down) is not counted.
FIRST_PAINT = """
import time as _time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
class _FirstPaint(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.done)  # after the rest of this paint pass
        return False
    def done(self):
        print(_time.process_time(), _time.time(), flush=True)
        QApplication.instance().quit()
_first_paint = _FirstPaint()  # installed on the window only: a filter on every object costs
"""

BARE = (
    """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
"""
    + FIRST_PAINT
    + """
w = QMainWindow(); w.installEventFilter(_first_paint); w.resize(1280, 820); w.show()
app.exec()
"""
)

OURS = (
    """
import sys
from pathlib import Path
from terminal.clerks import Clerk, Role
from terminal.config import Config
from ui.app import application, build_context, open_window, prepare, shutdown
app = application()
"""
    + FIRST_PAINT
    + """
config = Config()
prepare(app, config)
ctx = build_context(config, Path(sys.argv[1]))
ctx.clerk = Clerk("bench", "bench", Role.CLERK)
w = open_window(ctx); w.installEventFilter(_first_paint); w.resize(1280, 820); w.show()
app.exec()
shutdown(ctx)
"""
)


# What the clerk sees first when the program starts (ui/run.py): the sign-in, with the
# window built behind it once the sign-in is painted. Prints the sign-in's first paint,
# then, once the window is built, how long showing it takes after the clerk signs in.
SIGN_IN = (
    """
import sys, time
from pathlib import Path
from ui.app import after_first_paint, application, build_context, build_window, prepare, shutdown
from ui.widgets.sign_in import SignInDialog
from terminal.config import Config
app = application()
"""
    + FIRST_PAINT
    + """
config = Config()
prepare(app, config)
ctx = build_context(config, Path(sys.argv[1]))
dialog = SignInDialog(ctx)
built = []
after_first_paint(dialog, lambda: built.append(build_window(ctx)))
dialog.installEventFilter(_first_paint)
_first_paint.done = lambda: print(time.time(), flush=True)
dialog.show()
while not built:
    app.processEvents()
signed = time.time()
window = built[0]
shown = []
after_first_paint(window, lambda: shown.append(time.time()))
window.resize(1280, 820); window.show()
while not shown:
    app.processEvents()
print((shown[0] - signed) * 1000, flush=True)
print(time.time(), flush=True)
shutdown(ctx)
"""
)


def sign_in_then_window(folder: str) -> tuple[float, float]:
    """(ms to the sign-in's first paint, ms from signing in to the prebuilt window's paint)."""
    t0, printed = started(SIGN_IN, folder)
    first, after, _ = printed[-3:]
    return (float(first) - t0) * 1000, float(after)


def timed(code: str, *args: str) -> float:
    """Milliseconds from exec to the first paint."""
    return timed_both(code, *args)[0]


def timed_both(code: str, *args: str) -> tuple[float, float]:
    """(wall ms from exec to the first paint, CPU ms the process had used by then). On a
    machine other work shares, the CPU time stays put where the wall time does not."""
    t0, printed = started(code, *args)
    return (float(printed[-1]) - t0) * 1000, float(printed[-2]) * 1000


def started(code: str, *args: str) -> tuple[float, list[str]]:
    """Run ``code`` in a new process: the wall clock just before exec, and what it printed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # An installed terminal runs compiled bytecode (the bundle holds .pyc only); a shell
    # with PYTHONDONTWRITEBYTECODE would time compiling our sources on every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, capture_output=True, text=True
    )
    return t0, done.stdout.split()


def build_store(folder: Path, cases: int) -> None:
    from bench.store_scale import fill
    from terminal.store import open_store

    store = open_store(folder / "tongban.db", create=True)
    fill(store, 0, cases)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(dir="/var/tmp") as small,
        tempfile.TemporaryDirectory(dir="/var/tmp") as big,
    ):
        build_store(Path(small), 10)
        t0 = time.perf_counter()
        build_store(Path(big), args.cases)
        print(f"built a store of {args.cases:,} cases in {time.perf_counter() - t0:.0f} s")
        timed(BARE), timed(OURS, small)  # warm the page cache for both
        bare, ours_small, ours_big, sign_in, after = [], [], [], [], []
        cpu: dict[str, list[float]] = {"bare": [], "small": [], "big": []}
        for _ in range(args.runs):
            for name, into, run in (
                ("bare", bare, (BARE,)),
                ("small", ours_small, (OURS, small)),
                ("big", ours_big, (OURS, big)),
            ):
                wall, used = timed_both(*run)
                into.append(wall)
                cpu[name].append(used)
            seen, opened = sign_in_then_window(big)
            sign_in.append(seen)
            after.append(opened)
    b, s, g = (statistics.median(x) for x in (bare, ours_small, ours_big))
    i, a = statistics.median(sign_in), statistics.median(after)
    print(f"bare QMainWindow:            median {b:.0f} ms")
    print(f"Tongban window, 10 cases:     median {s:.0f} ms  ({s / b:.2f}x bare)")
    print(
        f"Tongban window, {args.cases:,} cases: median {g:.0f} ms  ({g / b:.2f}x bare)   target < 2.0x"
    )
    cb, cs, cg = (statistics.median(cpu[k]) for k in ("bare", "small", "big"))
    print(
        f"CPU used by the first paint:  bare {cb:.0f} ms, 10 cases {cs:.0f} ms ({cs / cb:.2f}x),"
        f" {args.cases:,} cases {cg:.0f} ms ({cg / cb:.2f}x)"
    )
    print(f"as started (ui/run.py), {args.cases:,} cases:")
    print(f"  sign-in on screen:          median {i:.0f} ms  ({i / b:.2f}x bare)")
    print(f"  window after signing in:    median {a:.0f} ms  (built behind the sign-in)")


if __name__ == "__main__":
    main()
