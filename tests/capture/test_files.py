"""What a citizen's phone or USB stick can bring to 从文件添加, and how each bad file is told."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from devices.capture.base import CaptureError, CaptureFailure
from devices.capture.files import read_document


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_named_pipe_on_the_stick_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "扫描件.jpg"
    os.mkfifo(pipe)  # its size is 0; reading it waits for a writer that never comes
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(read_document(pipe))
        except CaptureError as e:
            outcome.append(e)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(3)
    hung = t.is_alive()
    if hung:  # let the thread go: open a writer and close it (EOF)
        with open(pipe, "wb"):
            pass
        t.join(3)
    # One capture thread runs every job in order: a hung read would block 完成 for good.
    assert not hung, "reading a named pipe blocked the capture thread"
    assert isinstance(outcome[0], CaptureError)
    assert outcome[0].kind is CaptureFailure.NOT_A_DOCUMENT
