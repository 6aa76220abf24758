"""``tongban cards``: a supervisor lists every window's red and yellow cards; a clerk is
refused with the role needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from terminal import clock

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run

AS_CLERK, AS_SUP = "li.clerk\npass-word-1\n", "zhou.sup\npass-word-1\n"


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder with a clerk, a supervisor and the example's paper cases (long overdue)."""
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    for name, role in (("li.clerk", "clerk"), ("zhou.sup", "supervisor")):
        argv = ("clerk", "add", name, "--role", role, "--data-dir", str(d))
        assert run(capsys, *argv, stdin=AS_ADMIN + "pass-word-1\n")[0] == 0
    imported = ("case", "import", str(EXAMPLE), "--data-dir", str(d))
    assert run(capsys, *imported, stdin=AS_ADMIN)[0] == 0
    return d


def test_a_supervisor_sees_red_cards_and_a_clerk_is_refused(
    imported: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # March 2027: the example's cases (received 20 November 2026) are all past their days.
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 9, tzinfo=clock.CHINA))
    where = ("--data-dir", str(imported))
    code, out, err = run(capsys, "cards", *where, "--lang", "en", stdin=AS_CLERK)
    assert code == 1 and "li.clerk is clerk" in err and "supervisor" in err
    assert "RED" not in out
    code, out, err = run(capsys, "cards", *where, stdin=AS_SUP)
    assert code == 0, err
    assert "【红牌】" in out and "承诺办结" in out and "补正期限" in out and "超期" in out
    assert out.splitlines()[0].startswith("红牌"), out
    code, out, _ = run(capsys, "cards", *where, "--clerk", "nobody", stdin=AS_SUP)
    assert code == 0 and out.strip() == "没有黄牌或红牌。"
