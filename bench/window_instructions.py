"""Instructions the main thread runs from exec to the window's first paint, against a bare
PySide6 QMainWindow: the same figure as bench/window_start.py, without the noise of a
machine other work shares (wall and CPU times move by ±30% on a busy 2-core machine; an
instruction count moves by well under 1%). Needs valgrind (apt install valgrind).
Run: .venv/bin/python -m bench.window_instructions
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.window_start import BARE, OURS, build_store

# Out at the first paint: what the interpreter does at exit is not the start.
AT_PAINT = "import os; os._exit(0)"


def instructions(code: str, *args: str) -> int:
    """Main-thread instructions of ``python -c code args`` under callgrind."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled bytecode
    code = code.replace("QApplication.instance().quit()", AT_PAINT)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True
        )
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--separate-threads=yes",
             f"--callgrind-out-file={out}/cg", sys.executable, "-c", code, *args],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        text = Path(f"{out}/cg-01").read_text(errors="replace")
    found = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    if found is None:
        raise SystemExit("callgrind wrote no total")
    return int(found.group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt install valgrind")
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        build_store(Path(folder), 10)
        bare = instructions(BARE)
        ours = instructions(OURS, folder)
    print(f"bare QMainWindow:  {bare / 1e6:,.0f}M instructions to the first paint")
    print(f"Tongban window:    {ours / 1e6:,.0f}M  ({ours / bare:.2f}x bare)   target < 2.0x")


if __name__ == "__main__":
    main()
