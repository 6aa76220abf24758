"""``tongban portal fleet``: what an IT engineer needs about fifty counters, in one table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync.heartbeat import facts
from sync.heartbeat import send as heartbeat
from sync.heartbeat.facts import Source
from sync.portal import Portal, RunningPortal, make_server
from terminal import __version__
from terminal.config import Config

from .conftest import Terminal
from .helpers import AT, HALL, TERMINAL, client_for
from .test_cli import run


@pytest.fixture
def beaten(terminal: Terminal) -> Terminal:
    """The terminal, having sent one heartbeat (window 7, the folder printer)."""
    config = Config(terminal_id=TERMINAL, hall=HALL, window=7)
    source = Source(config, terminal.data_dir, terminal.data_dir / "config.toml")
    heartbeat.owe(terminal.store, source, AT)
    assert heartbeat.send(terminal.store, client_for(terminal.key), source, AT) is True
    return terminal


def _fleet(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path, *more: str
) -> tuple[int, str, str]:
    return run(capsys, "portal", "fleet", "--url", url, "--data-dir", str(tmp_path / "it"), *more)


def test_the_table_says_what_each_counter_runs(
    beaten: Terminal, portal: RunningPortal, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _fleet(capsys, portal.url, tmp_path)
    assert code == 0, out
    head, row, *rest = out.splitlines()
    assert head.split()[:3] == ["终端", "大厅/窗口", "版本（安装包）"]
    assert row.startswith(TERMINAL) and f"{HALL}/7" in row
    assert f"{__version__} (未打包)" in row
    assert "printer✓" in row and "刚刚" in row
    # The simulated reader is a warning: marked in the table, nothing to act on below it.
    assert "reader!" in row
    assert rest == ["共 1 台终端：失联 0 台，系统低于底线 0 台，设备故障 0 台，有退回件 0 台。"]
    code, out, _ = _fleet(capsys, portal.url, tmp_path, "--lang", "en")
    assert "Hall/window" in out and "not packaged" in out and "1 terminals: 0 silent" in out


def test_a_failing_device_is_named_in_the_terminal_s_own_words(
    terminal: Terminal,
    portal: RunningPortal,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jammed = {"check": "printer", "status": "failure", "summary": "打印队列 Q1 已停止：卡纸"}
    monkeypatch.setattr(facts, "devices", lambda source: [jammed])
    source = Source(Config(window=3), terminal.data_dir, terminal.data_dir / "config.toml")
    heartbeat.owe(terminal.store, source, AT)
    assert heartbeat.send(terminal.store, client_for(terminal.key), source, AT) is True
    code, out, _ = _fleet(capsys, portal.url, tmp_path)
    lines = out.splitlines()
    assert code == 1 and "printer✗" in lines[1] and "设备故障" in lines[1]
    assert lines[2] == f"  {TERMINAL} 的 printer 检查：打印队列 Q1 已停止：卡纸"


def test_silent_and_too_old_terminals_are_flagged(
    beaten: Terminal, portal: RunningPortal, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with portal.portal.db.write() as conn:  # two hours without a word
        conn.execute("UPDATE heartbeats SET received_at = received_at - 7200")
    code, out, _ = _fleet(capsys, portal.url, tmp_path)
    assert code == 1
    row = out.splitlines()[1]
    assert "2 小时前" in row and "失联" in row and "系统过旧" not in row
    # Which counters can take a build that needs glibc 99.0: none.
    code, out, _ = _fleet(capsys, portal.url, tmp_path, "--glibc-floor", "99.0", "--json")
    [line] = json.loads(out)["terminals"]
    assert code == 1 and line["within_floor"] is False and line["floor"] == "99.0"
    assert set(line["flags"]) == {"silent", "below_floor"}
    assert line["minutes_silent"] >= 119
    # A longer patience: no longer silent.
    code, out, _ = _fleet(capsys, portal.url, tmp_path, "--silent-minutes", "180")
    assert code == 0 and "失联" not in out.splitlines()[1]


def test_a_hall_s_terminals_and_a_retired_one_forgotten(
    beaten: Terminal, portal: RunningPortal, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _fleet(capsys, portal.url, tmp_path, "--hall", "另一个大厅")
    assert code == 0 and "还没有收到任何终端的心跳" in out
    code, out, _ = _fleet(capsys, portal.url, tmp_path, "--hall", HALL[:2])
    assert out.splitlines()[1].startswith(TERMINAL)
    code, out, _ = _fleet(capsys, portal.url, tmp_path, "--forget", TERMINAL)
    assert code == 0 and TERMINAL in out
    code, _, err = _fleet(capsys, portal.url, tmp_path, "--forget", TERMINAL)
    assert code == 1 and "没有终端" in err
    code, out, _ = _fleet(capsys, portal.url, tmp_path)
    assert "还没有收到任何终端的心跳" in out


def test_the_portal_s_admin_rule_holds_and_a_dead_address_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guarded = RunningPortal(
        make_server(Portal(tmp_path / "p.db", admin_token="s3cret"), "127.0.0.1", 0)
    )
    try:
        code, _, err = _fleet(capsys, guarded.url, tmp_path)
        assert code == 3 and "TONGBAN_ADMIN_TOKEN" in err
        monkeypatch.setenv("TONGBAN_ADMIN_TOKEN", "s3cret")
        code, out, _ = _fleet(capsys, guarded.url, tmp_path)
        assert code == 0 and "还没有收到任何终端的心跳" in out
        port = guarded.server.server_address[1]
    finally:
        guarded.stop()
    code, _, err = _fleet(capsys, f"http://127.0.0.1:{port}", tmp_path)
    assert code == 3 and "无法连接平台" in err
