"""Commands that change people or history need a supervisor or admin, and the journal names them."""

from __future__ import annotations

import grp
import os
import sqlite3
from pathlib import Path

import pytest

from terminal import authority

from .conftest import ADMIN, AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run


def journal_rows(data: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(data / "tongban.db")
    try:
        return [tuple(r) for r in conn.execute("SELECT actor, action, subject FROM journal")]
    finally:
        conn.close()


@pytest.fixture
def fresh(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    return d


def test_the_first_clerk_is_an_admin_who_adds_themselves(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("clerk", "add", "li.clerk", "--role", "clerk", "--data-dir", str(fresh))
    code, _, err = run(capsys, *argv, "--lang", "en", stdin="long-enough-1\n")
    assert code == 1 and "first one must be an admin" in err
    add_first_admin(fresh)
    assert (ADMIN, "clerk.added", ADMIN) in journal_rows(fresh)
    # From now on nobody adds anyone without signing in.
    code, _, err = run(capsys, *argv, "--lang", "en", stdin="long-enough-1\n")
    # The lone line was read as a signer's name: refused, and not kept verbatim.
    assert code == 1 and "Wrong user name or password" in err
    assert "long-enough-1" not in str(journal_rows(fresh))
    code, _, err = run(capsys, *argv, "--lang", "en")
    assert code == 1 and "needs a supervisor or an admin to sign in" in err
    code, _, err = run(capsys, *argv, stdin=AS_ADMIN + "long-enough-1\n")
    assert code == 0, err
    assert (ADMIN, "clerk.added", "li.clerk") in journal_rows(fresh)
    assert not [r for r in journal_rows(fresh) if r[0] == "cli"]


def test_a_clerk_cannot_sign_for_people_changes_and_only_an_admin_makes_an_admin(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_first_admin(fresh)
    d = ("--data-dir", str(fresh), "--lang", "en")
    for name, role in (("li.clerk", "clerk"), ("zhou.sup", "supervisor")):
        assert (
            run(capsys, "clerk", "add", name, "--role", role, *d, stdin=AS_ADMIN + "pass-word-1\n")[
                0
            ]
            == 0
        )
    as_clerk, as_sup = "li.clerk\npass-word-1\n", "zhou.sup\npass-word-1\n"
    code, _, err = run(capsys, "clerk", "unlock", "zhou.sup", *d, stdin=as_clerk)
    assert code == 1 and "li.clerk is clerk" in err
    assert run(capsys, "clerk", "unlock", "li.clerk", *d, stdin=as_sup)[0] == 0
    assert ("zhou.sup", "clerk.unlocked", "li.clerk") in journal_rows(fresh)
    code, _, err = run(capsys, "clerk", "role", "li.clerk", "admin", *d, stdin=as_sup)
    assert code == 1 and "needs admin" in err
    assert run(capsys, "clerk", "role", "li.clerk", "supervisor", *d, stdin=as_sup)[0] == 0
    assert ("zhou.sup", "clerk.role_changed", "li.clerk") in journal_rows(fresh)
    # The only admin keeps the role: nobody could sign for people changes any more.
    code, _, err = run(capsys, "clerk", "role", ADMIN, "clerk", *d, stdin=AS_ADMIN)
    assert code == 1 and "only admin" in err


def test_an_import_names_who_signed_for_it(fresh: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_first_admin(fresh)
    code, _, _ = run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(fresh))
    assert code == 1 and not [r for r in journal_rows(fresh) if r[1] == "case.paper_imported"]
    assert (
        run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(fresh), stdin=AS_ADMIN)[0]
        == 0
    )
    imported = [r for r in journal_rows(fresh) if r[1] == "case.paper_imported"]
    assert len(imported) == 5 and {r[0] for r in imported} == {ADMIN}


def test_it_staff_in_the_os_group_sign_for_themselves(
    fresh: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_first_admin(fresh)
    # The test's own primary group stands in for tongban-it.
    monkeypatch.setattr(authority, "IT_GROUP", grp.getgrgid(os.getgid()).gr_name)
    code, _, err = run(capsys, "clerk", "unlock", ADMIN, "--data-dir", str(fresh))
    assert code == 0, err
    assert (f"it:{authority.os_account()}", "clerk.unlocked", ADMIN) in journal_rows(fresh)
    monkeypatch.setattr(authority, "IT_GROUP", "tongban-no-such-group")
    assert run(capsys, "clerk", "unlock", ADMIN, "--data-dir", str(fresh))[0] == 1
