"""``tongban queue`` as IT uses it: offline before enrolment, then online, handing over what it had."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync.portal import RunningPortal
from terminal.config import Config

from ..sync.helpers import CODE
from ..sync.test_cli import run


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    result: dict[str, object] = json.loads(out)
    return result


def test_take_call_and_status_offline_then_online(
    tmp_path: Path, portal: RunningPortal, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, "init", *d, "--terminal-id", "XH-W05")[0] == 0
    # Not enrolled: the terminal's own range, and it says so.
    code, out, err = run(capsys, "queue", "take", "A", *d)
    assert code == 0 and "A1-001" in out and "离线" in out and "未注册" in err
    status = _json(capsys, "queue", "status", *d)
    assert [t["ticket_no"] for t in status["waiting"]] == ["A1-001"]  # type: ignore[index]
    assert status["own_offline"] == 1
    portal.portal.admit_enrol_code(CODE, "XH-W05", Config().hall)  # this folder's terminal
    assert run(capsys, "enrol", "--portal", portal.url, "--code", CODE, *d)[0] == 0

    # Online: the offline ticket is handed over first, then the portal numbers the new one.
    taken = _json(capsys, "queue", "take", "310104-GA-JZZ-0001", "--green", *d)
    assert taken["online"] is True and taken["ticket"]["ticket_no"] == "A001"  # type: ignore[index]
    assert taken["ticket"]["priority"] == "green"  # type: ignore[index]
    called = _json(capsys, "queue", "call", *d)
    assert called["call"]["ticket_no"] == "A001" and called["online"] is True  # type: ignore[index]
    code, out, _ = run(capsys, "queue", "skip", "A001", *d)
    assert code == 0 and "过号" in out
    code, out, _ = run(capsys, "queue", "again", "a001", *d)
    assert code == 0 and out.strip() == "请 A001 号到 1 号窗口"
    code, out, _ = run(capsys, "queue", "call", *d)  # the handed-over ticket, A001 done
    assert code == 0 and "A001" in out and "请 A1-001 号到 1 号窗口" in out
    code, out, _ = run(capsys, "queue", "transfer", "A1-001", "--to-window", "2", *d)
    assert code == 0 and "已转移" in out
    code, _, err = run(capsys, "queue", "done", "A1-001", *d)
    assert code == 1 and "A1-001" in err  # it waits at window 2 now
    code, out, _ = run(capsys, "queue", "status", *d, "--lang", "en")
    assert code == 0 and "portal online" in out and "A1-001" in out
    status = _json(capsys, "queue", "status", *d)
    assert status["unsent"] == 0 and status["own_offline"] == 0
    assert [c["ticket_no"] for c in status["calls"]] == ["A001", "A001", "A1-001"]  # type: ignore[index]


def test_a_wrong_group_is_refused_and_watch_ends_on_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(tmp_path / "data")]
    assert run(capsys, "init", *d)[0] == 0
    code, _, err = run(capsys, "queue", "take", "Q", *d)
    assert code == 1 and "Q" in err
    assert run(capsys, "queue", "watch", "--seconds", "0.2", *d)[0] == 0
