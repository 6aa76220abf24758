"""A heartbeat that breaks on the terminal waits like one the link lost, not every pass."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sync.heartbeat import facts
from sync.heartbeat import send as heartbeat
from sync.heartbeat.facts import Source
from sync.portal import RunningPortal
from sync.report import status_lines
from sync.state import read_status

from .conftest import Terminal
from .helpers import AT, client_for
from .test_heartbeat import fleet, source  # noqa: F401  (source: the fixture)


def test_a_heartbeat_that_breaks_here_is_tried_again_in_minutes_not_every_pass(
    terminal: Terminal,
    portal: RunningPortal,
    source: Source,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A doctor check with a bug: the facts (device checks, a slow printer query among
    them) are not gathered again on every pass of the worker, a few seconds apart; IT
    reads why in ``sync status``; and once fixed, the heartbeat goes."""
    gathered: list[int] = []
    real = facts.gather

    def broken(*_: object) -> dict[str, object]:
        gathered.append(1)
        raise RuntimeError("a doctor check with a bug")

    monkeypatch.setattr(facts, "gather", broken)
    client = client_for(terminal.key)
    assert heartbeat.owe(terminal.store, source, AT)
    for seconds in range(0, 120, 5):  # passes of the sync worker, two minutes of them
        heartbeat.send(terminal.store, client, source, AT + timedelta(seconds=seconds))
    assert len(gathered) == 1
    lines = status_lines(read_status(terminal.store.conn))
    assert any("本机生成或记录心跳时出错" in line for line in lines), lines
    monkeypatch.setattr(facts, "gather", real)
    assert heartbeat.send(terminal.store, client, source, AT + timedelta(minutes=6)) is True
    assert len(fleet(portal.url)) == 1
