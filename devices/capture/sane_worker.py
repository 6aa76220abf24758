"""The child process that talks to libsane, so a backend that crashes or blocks ends only
this process, never the window.

Runs under multiprocessing's spawn start method (a clean interpreter: libsane and its
vendor plugins are never loaded into the window's process). One request at a time over a
Pipe; every answer is a tuple whose first item names it:
  ("devices",)                        -> ("devices", [(name, vendor, model, type), ...])
  ("options", device)                 -> ("options", [(name, values, settable), ...])
  ("scan", device, settings, dpi, colour, feeder)
                                      -> ("page", jpeg, dpi, w, h) ... then
                                         ("done", pages) or ("error", status, text, pages)
Statuses are SANE's numbers: python-sane raises with sane_strstatus()'s text only, so the
child asks libsane itself for each number's text (in whatever language it speaks) and maps
the text back. Nothing here imports Qt or the window's code beyond devices/capture/base.py.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from multiprocessing.connection import Connection
from typing import Any

STATUS_NO_DOCS = 7
UNKNOWN_STATUS = -1


def serve(conn: Connection, env: dict[str, str]) -> None:
    """The child's main: apply ``env`` (SANE_CONFIG_DIR and the like) before libsane reads it."""
    os.environ.update(env)
    import sane

    sane.init()
    statuses = _status_texts()
    while True:
        try:
            request = conn.recv()
        except EOFError:  # the window closed its end: nobody is waiting
            return
        try:
            _answer(conn, sane, request, statuses)
        except Exception as e:  # python-sane's own errors carry the status text
            conn.send(("error", statuses.get(str(e), UNKNOWN_STATUS), str(e), 0))


def _answer(
    conn: Connection, sane: Any, request: tuple[Any, ...], statuses: dict[str, int]
) -> None:
    kind = request[0]
    if kind == "devices":
        conn.send(("devices", [tuple(d) for d in sane.get_devices()]))
    elif kind == "options":
        dev = sane.open(request[1])
        try:
            conn.send(("options", [_describe(o) for o in dev.get_options() if o[1]]))
        finally:
            dev.close()
    elif kind == "scan":
        _scan(conn, sane, request, statuses)
    else:
        conn.send(("error", UNKNOWN_STATUS, f"unknown request {kind!r}", 0))


def _describe(option: tuple[Any, ...]) -> tuple[str, tuple[str, ...], bool]:
    # (index, name, title, desc, type, unit, size, cap, constraint); cap bit 0 = soft-select,
    # bit 5 = inactive. Only string lists matter for choosing sources.
    name, cap, constraint = option[1], option[7], option[8]
    values = tuple(str(v) for v in constraint) if isinstance(constraint, list) else ()
    return name, values, bool(cap & 1) and not cap & 32


def _scan(conn: Connection, sane: Any, request: tuple[Any, ...], statuses: dict[str, int]) -> None:
    from devices.capture.base import page_from_image

    _, device, settings, dpi, colour, feeder = request
    dev = sane.open(device)
    pages = 0
    try:
        for name, value in [("mode", "Color" if colour else "Gray"), *settings]:
            _set(dev, name, value)
        _set(dev, "resolution", dpi)
        actual_dpi = round(float(getattr(dev, "resolution", dpi)))
        while True:
            try:
                dev.start()
                image = dev.snap(no_cancel=feeder)
            except Exception as e:
                status = statuses.get(str(e), UNKNOWN_STATUS)
                if feeder and pages and status == STATUS_NO_DOCS:
                    break  # the feeder ran out after the last sheet: the normal end
                conn.send(("error", status, str(e), pages))
                return
            page = page_from_image(image, actual_dpi)
            conn.send(("page", page.jpeg, page.dpi, page.width, page.height))
            pages += 1
            if not feeder:
                break
        conn.send(("done", pages))
    finally:
        try:
            dev.cancel()
        finally:
            dev.close()


def _set(dev: Any, name: str, value: Any) -> None:
    # python-sane names options with '_' for '-'; an option the model lacks is skipped (a
    # scanner without "mode" scans in its only mode) and one it refuses raises a SANE status.
    attr = name.replace("-", "_")
    if attr in dev.optlist:
        setattr(dev, attr, value)


def _status_texts() -> dict[str, int]:
    path = ctypes.util.find_library("sane") or "libsane.so.1"
    lib = ctypes.CDLL(path)
    lib.sane_strstatus.restype = ctypes.c_char_p
    lib.sane_strstatus.argtypes = [ctypes.c_int]
    return {lib.sane_strstatus(i).decode("utf-8", "replace"): i for i in range(12)}
