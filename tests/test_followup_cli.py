"""``tongban followup list/close``: a supervisor's, signed in; a clerk is refused; the journal
names who closed it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from terminal import casebook, followups, journal
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
    argv = (
        *close,
        "--rectified",
        "已重新培训一次性告知",
        "--how",
        "phone",
        "--reached",
        "--satisfied",
    )
    code, out, err = run(capsys, *argv, stdin=AS_SUP)
    assert code == 0, err
    assert "zhou.sup" in out
    steps = [r for r in journal_rows(d) if r[1].startswith("followup.")]
    assert [(actor, action) for actor, action, _ in steps] == [
        ("li.clerk", "followup.opened"),
        ("li.clerk", "followup.refused"),  # the clerk's try, on the record
        ("zhou.sup", "followup.rectify"),
        ("zhou.sup", "followup.revisit"),
        ("zhou.sup", "followup.close"),
    ]
    assert run(capsys, "followup", "list", *where, stdin=AS_SUP)[1].strip() == (
        "没有未办结的差评整改。"
    )
    code, out, _ = run(capsys, "followup", "list", "--all", *where, stdin=AS_SUP)
    assert receipt in out and "已办结" in out and "已超期" not in out


def test_a_refused_close_records_nothing_and_satisfaction_is_never_assumed(
    rated: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Review 4, finding 12: every argument is checked before the first step."""
    d, receipt = rated
    close = ("followup", "close", receipt, "--data-dir", str(d))

    def now_is() -> followups.Followup:
        store = open_store(d / "tongban.db")
        try:
            return followups.find(store.conn, receipt)
        finally:
            store.close()

    code, _, err = run(capsys, *close, "--rectified", "培训", stdin=AS_SUP)  # no 回访 given
    assert code == 1 and "--how" in err
    assert (now_is().state, now_is().rectified_by) == ("open", None)  # no 整改 left behind
    reached = (*close, "--rectified", "培训", "--how", "phone", "--reached")
    code, _, err = run(capsys, *reached, stdin=AS_SUP)  # 满意 or not: the citizen's word
    assert code == 1 and "--satisfied" in err and now_is().state == "open"
    with pytest.raises(SystemExit):  # one or the other, not both (argparse says so)
        run(capsys, *reached, "--satisfied", "--unsatisfied", stdin=AS_SUP)
    assert now_is().state == "open"
    code, _, err = run(capsys, *close, "--rectified", "培训", "--how", "sms", "--not-reached",
                       "--satisfied", stdin=AS_SUP)  # fmt: skip
    assert code == 1 and now_is().state == "open"
    code, _, err = run(capsys, *reached, "--unsatisfied", stdin=AS_SUP)
    assert code == 0, err
    closed = now_is()
    assert (closed.state, closed.revisit_reached, closed.revisit_satisfied) == (
        "closed",
        True,
        False,
    )


def test_a_clerk_refused_on_the_command_line_is_journaled_as_in_the_window(
    rated: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    d, _ = rated
    code, _, _ = run(capsys, "followup", "list", "--data-dir", str(d), stdin=AS_CLERK)
    assert code == 1
    store = open_store(d / "tongban.db")
    refused = [e for e in journal.recent(store.conn, 50) if e.action == "followup.refused"]
    store.close()
    assert [(e.actor, e.details) for e in refused] == [("li.clerk", {"role": "clerk"})]
