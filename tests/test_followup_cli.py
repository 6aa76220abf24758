"""``tongban followup list/close``: a supervisor's, signed in; a clerk is refused; the journal
names who closed it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from terminal import casebook, followups
from terminal.clock import CHINA
from terminal.ratings import record_rating
from terminal.store import open_store
from terminal.workdays import default_calendar

from .conftest import AS_ADMIN, add_first_admin
from .test_authority import journal_rows
from .test_cli import EXAMPLE, run

AS_CLERK, AS_SUP = "li.clerk\npass-word-1\n", "zhou.sup\npass-word-1\n"


@pytest.fixture
def rated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """A data folder with a clerk, a supervisor and one case rated 不满意 long ago."""
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    for name, role in (("li.clerk", "clerk"), ("zhou.sup", "supervisor")):
        argv = ("clerk", "add", name, "--role", role, "--data-dir", str(d))
        assert run(capsys, *argv, stdin=AS_ADMIN + "pass-word-1\n")[0] == 0
    imported = ("case", "import", str(EXAMPLE), "--data-dir", str(d))
    assert run(capsys, *imported, stdin=AS_ADMIN)[0] == 0
    store = open_store(d / "tongban.db")
    case = next(casebook.iter_cases(store))
    record_rating(
        store, case.id, 2, "", channel="counter", terminal="XH-W01", actor="li.clerk",
        at=datetime(2026, 3, 2, 10, tzinfo=CHINA), reason="unclear",
        followup=followups.rule_for((1, 2), 5, default_calendar()),
    )  # fmt: skip
    store.close()
    return d, case.receipt_no


def test_a_clerk_is_refused_and_a_supervisor_lists_and_closes(
    rated: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    d, receipt = rated
    where = ("--data-dir", str(d))
    code, out, err = run(capsys, "followup", "list", *where, "--lang", "en", stdin=AS_CLERK)
    assert code == 1 and "li.clerk is clerk" in err and receipt not in out
    code, out, _ = run(capsys, "followup", "list", *where, stdin=AS_SUP)
    assert code == 0 and receipt in out and "告知不清楚" in out and "【已超期】" in out
    close = ("followup", "close", receipt, *where)
    code, _, err = run(capsys, *close, stdin=AS_SUP)
    assert code == 1 and "--rectified" in err  # nothing recorded without what was done
    argv = (*close, "--rectified", "已重新培训一次性告知", "--how", "phone", "--reached")
    code, out, err = run(capsys, *argv, stdin=AS_SUP)
    assert code == 0, err
    assert "zhou.sup" in out
    steps = [r for r in journal_rows(d) if r[1].startswith("followup.")]
    assert [(actor, action) for actor, action, _ in steps] == [
        ("li.clerk", "followup.opened"),
        ("zhou.sup", "followup.rectify"),
        ("zhou.sup", "followup.revisit"),
        ("zhou.sup", "followup.close"),
    ]
    assert run(capsys, "followup", "list", *where, stdin=AS_SUP)[1].strip() == (
        "没有未办结的差评整改。"
    )
    code, out, _ = run(capsys, "followup", "list", "--all", *where, stdin=AS_SUP)
    assert receipt in out and "已办结" in out and "已超期" not in out
