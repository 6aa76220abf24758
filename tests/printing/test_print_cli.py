"""The printing commands as IT staff use them."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from terminal.cli import main

from ..conftest import ADMIN, AS_ADMIN, add_first_admin
from ..test_cli import EXAMPLE, run
from .conftest import QUEUE, Cups, page_text


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert main(["init", "--data-dir", str(d)]) == 0
    add_first_admin(d)
    assert run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(d), stdin=AS_ADMIN)[0] == 0
    capsys.readouterr()
    return d


def receipts(capsys: pytest.CaptureFixture[str], data: Path) -> list[str]:
    run(capsys, "case", "list", "--json", "--data-dir", str(data))
    return [
        c["receipt_no"]
        for c in json.loads(run(capsys, "case", "list", "--json", "--data-dir", str(data))[1])
    ]


def test_receipt_to_a_file_in_both_formats(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    receipt = sorted(receipts(capsys, data))[0]
    for fmt in ("roll", "a4"):
        out = tmp_path / f"{fmt}.pdf"
        code, text, _ = run(
            capsys, "receipt", receipt, "--out", str(out), "--format", fmt, "--data-dir", str(data)
        )
        assert code == 0 and "受理回执" in text
        assert receipt in page_text(out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it names the applicant
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_notice_asked_for_on_a_roll_is_refused_with_what_to_do(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    notice = sorted(receipts(capsys, data))[1]  # the example's second case: a 补正 notice
    out = tmp_path / "n.pdf"
    code, text, err = run(
        capsys, "receipt", notice, "--out", str(out), "--format", "roll", "--data-dir", str(data)
    )
    assert (
        code != 0 and "补正材料通知书须用 A4 纸打印" in text + err and "--format roll" in text + err
    )
    assert not out.exists()
    assert run(capsys, "receipt", notice, "--out", str(out), "--data-dir", str(data))[0] == 0


def test_a_second_original_is_refused_with_the_way_to_a_copy(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    receipt = sorted(receipts(capsys, data))[1]
    # An original names who printed it: nobody signed in, nothing printed.
    code, _, err = run(capsys, "print", receipt, "--data-dir", str(data), "--lang", "en")
    assert code == 1 and "sign in" in err and not list((data / "prints").glob("*.pdf"))
    assert run(capsys, "print", receipt, "--data-dir", str(data), stdin=AS_ADMIN)[0] == 0
    conn = sqlite3.connect(data / "tongban.db")
    first = conn.execute(
        "SELECT actor FROM journal WHERE action = 'print.created' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert first is not None and first[0] == ADMIN
    code, out, err = run(
        capsys, "print", receipt, "--data-dir", str(data), "--lang", "en", stdin=AS_ADMIN
    )
    assert code == 1 and "--reprint" in err and "副本" in err
    assert len(list((data / "prints").glob("*.pdf"))) == 1  # still one original
    # A copy needs a supervisor or admin, and the journal names them.
    code, _, err = run(
        capsys, "print", receipt, "--reprint", "--data-dir", str(data), "--lang", "en"
    )
    assert code == 1 and "sign in" in err
    code, out, err = run(
        capsys, "print", receipt, "--reprint", "--data-dir", str(data), stdin=AS_ADMIN
    )
    assert code == 0 and "副本" in out, err
    assert len(list((data / "prints").glob("*.pdf"))) == 2
    conn = sqlite3.connect(data / "tongban.db")
    last = conn.execute("SELECT actor, action FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(last) == (ADMIN, "print.reprint")


def test_print_to_the_folder_printer_and_list_jobs(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    receipt = sorted(receipts(capsys, data))[1]
    code, out, _ = run(capsys, "print", receipt, "--data-dir", str(data), stdin=AS_ADMIN)
    assert code == 0 and "补正材料通知书" in out and "已完成" in out
    assert len(list((data / "prints").glob("*.pdf"))) == 1
    code, out, _ = run(capsys, "print", "test-page", "--data-dir", str(data))
    assert code == 0 and "测试页" in out
    code, out, _ = run(capsys, "print", "jobs", "--data-dir", str(data))
    assert out.count("已完成") == 2


def test_a_failed_print_says_how_to_retry(
    cups: Cups, capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    config = data / "config.toml"
    config.write_text(
        config.read_text("utf-8").replace('printer = "folder"', f'printer = "cups:{QUEUE}"'),
        "utf-8",
    )
    cups.stop()
    receipt = sorted(receipts(capsys, data))[0]
    code, out, _ = run(capsys, "print", receipt, "--data-dir", str(data), stdin=AS_ADMIN)
    assert code == 1 and "tongban print retry" in out and "CUPS" in out
    job = out.split("tongban print retry ")[1].split("`")[0]
    code, out, _ = run(capsys, "printers", "--data-dir", str(data))
    assert code == 1 and "CUPS" in out
    cups.start()
    code, out, _ = run(capsys, "print", "retry", job, "--data-dir", str(data))
    assert code == 0 and "已完成" in out
    code, out, _ = run(capsys, "printers", "--data-dir", str(data))
    assert code == 0 and QUEUE in out
