"""docs/window.md's roles table, row by row, for the commands: every command that needs a
supervisor or an admin refuses a clerk who signs in, in a sentence naming the role they have
and the role needed; and what needs an admin refuses a supervisor the same way. (The window's
rows: tests/ui/test_supervisor_view.py, tests/ui/test_followups.py, tests/test_approval.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run

AS_CLERK, AS_SUP = "li.clerk\npass-word-1\n", "zhou.sup\npass-word-1\n"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with an admin, a clerk, a supervisor, and a backup of it."""
    import io
    import sys

    from terminal.cli import main

    d = tmp_path_factory.mktemp("roles") / "data"

    def call(*argv: str, stdin: str = "") -> int:
        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            return main([*argv, "--data-dir", str(d)])
        finally:
            sys.stdin = old

    assert call("init") == 0
    add_first_admin(d)
    for name, role in (("li.clerk", "clerk"), ("zhou.sup", "supervisor")):
        assert call("clerk", "add", name, "--role", role, stdin=AS_ADMIN + "pass-word-1\n") == 0
    assert call("backup", str(d.parent / "backup.db")) == 0
    return d


# Each row of the table a clerk may not do, as the command that does it.
SUPERVISOR_ROWS = [
    ("print", "XH-W01-20261126-0001", "--reprint"),
    ("case", "import", str(EXAMPLE)),
    ("sync", "release", "1"),
    ("sync", "resume-pull"),
    ("restore", "{backup}"),
    ("clerk", "add", "new.clerk", "--role", "clerk"),
    ("clerk", "unlock", "zhou.sup"),
    ("clerk", "role", "zhou.sup", "clerk"),
    ("followup", "list"),
    ("cards",),
    (
        "supervise",
        "export",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "csv",
        "--out",
        "{backup}.csv",
    ),
    ("supervise", "report", "--day", "2026-11-26", "--out", "{backup}.pdf"),
]


@pytest.mark.parametrize("argv", SUPERVISOR_ROWS, ids=lambda a: " ".join(a[:2]))
def test_a_clerk_is_refused_naming_the_role_needed(
    people: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    args = [a.replace("{backup}", str(people.parent / "backup.db")) for a in argv]
    code, _, err = run(
        capsys, *args, "--data-dir", str(people), "--lang", "en", stdin=AS_CLERK + "x-pass-word\n"
    )
    assert code == 1, err
    assert "li.clerk is clerk; this action needs supervisor / admin" in err


@pytest.mark.parametrize(
    "argv",
    [("clerk", "role", "li.clerk", "admin"), ("clerk", "add", "new.admin", "--role", "admin")],
)
def test_what_makes_an_admin_refuses_a_supervisor(
    people: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, _, err = run(
        capsys, *argv, "--data-dir", str(people), "--lang", "en", stdin=AS_SUP + "x-pass-word\n"
    )
    assert code == 1 and "zhou.sup is supervisor; this action needs admin" in err, err
