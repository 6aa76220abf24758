"""The ``tongban`` command as IT staff and other work use it: output, exit codes, --data-dir."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from terminal.cli import main

from .conftest import AS_ADMIN, VALID_ID, add_first_admin

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "case-import.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    return d


def test_version_from_the_installed_script() -> None:
    script = (
        Path(sys.executable).parent / "tongban"
    )  # the console script pip installed beside python
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("tongban 0.")


def test_init_writes_config_and_store_and_is_repeatable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "d"
    code, out, _ = run(capsys, "init", "--data-dir", str(d), "--terminal-id", "XH-W07")
    assert code == 0 and (d / "config.toml").exists() and (d / "tongban.db").exists()
    assert 'terminal_id = "XH-W07"' in (d / "config.toml").read_text("utf-8")
    code, out, _ = run(capsys, "init", "--data-dir", str(d))
    assert code == 0 and "保留" in out


def test_commands_refuse_a_folder_that_was_never_initialised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "case", "list", "--data-dir", str(tmp_path / "none"))
    assert code == 3 and "tongban init" in err
    assert not (tmp_path / "none" / "tongban.db").exists()


def test_id_check(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, "id", "check", VALID_ID, "--data-dir", str(data))
    assert code == 0 and "1949-12-31" in out and "女" in out and "110105" in out
    code, out, _ = run(capsys, "id", "check", "110105194912310021", "--data-dir", str(data))
    assert code == 1 and "校验码" in out
    code, out, _ = run(capsys, "--lang", "en", "id", "check", "1101051949", "--data-dir", str(data))
    assert code == 1 and "18 characters" in out


def test_catalogue_commands(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, "catalogue", "list", "--data-dir", str(data))
    assert code == 0 and "居住证" in out and "新生儿出生一件事" in out
    code, out, _ = run(capsys, "catalogue", "show", "310104-GA-JZZ-0001", "--data-dir", str(data))
    assert code == 0 and "居民身份证" in out and "15" in out
    code, out, _ = run(capsys, "catalogue", "show", "310104-GH-BDC-0021", "--data-dir", str(data))
    assert "可加急：1个工作日" in out and "non_residential=¥550.00" in out and "2559号" in out
    code, _, err = run(capsys, "catalogue", "show", "NOPE", "--data-dir", str(data))
    assert code == 1 and "NOPE" in err


def test_clerk_add_reads_the_password_from_stdin(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, out, _ = run(
        capsys,
        "clerk",
        "add",
        "wang.li",
        "--role",
        "supervisor",
        "--data-dir",
        str(data),
        stdin=AS_ADMIN + "long-enough-1\n",
    )
    assert code == 0
    code, out, _ = run(capsys, "clerk", "list", "--data-dir", str(data))
    assert "wang.li" in out and "supervisor" in out
    code, _, err = run(
        capsys,
        "clerk",
        "add",
        "li",
        "--role",
        "clerk",
        "--data-dir",
        str(data),
        stdin=AS_ADMIN + "short\n",
    )
    assert code == 1 and "8" in err


def test_import_list_and_verify(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(
        capsys, "case", "import", str(EXAMPLE), "--data-dir", str(data), stdin=AS_ADMIN
    )
    assert code == 0 and out.count("XH-W01-20261120-") == 5
    code, out, _ = run(capsys, "case", "list", "--json", "--data-dir", str(data))
    cases = json.loads(out)
    assert {c["decision"] for c in cases} == {"accepted", "needs_correction", "rejected"}
    assert all("********" in c["id_number"] for c in cases)
    assert all({"id", "receipt_no", "service", "state"} <= set(c) for c in cases)
    code, out, _ = run(capsys, "case", "list", "--data-dir", str(data))
    assert "纸质补录" in out and "已受理" in out
    code, out, _ = run(capsys, "journal", "verify", "--data-dir", str(data))
    assert code == 0 and "8" in out  # store created, admin added, admin signs in, five imports


def test_import_is_all_or_nothing_and_names_each_bad_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    raw = json.loads(EXAMPLE.read_text("utf-8"))
    raw["cases"][1]["form"]["applicant_phone"] = "12345"
    raw["cases"][3]["received_at"] = "2026-11-20 14:40"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "case", "import", str(bad), "--data-dir", str(data), stdin=AS_ADMIN)
    assert code == 1
    assert "#2 XH-PAPER-20261120-002" in err and "联系电话" in err
    assert "#4 XH-PAPER-20261120-004" in err and "+08:00" in err
    assert (
        sqlite3.connect(data / "tongban.db").execute("SELECT count(*) FROM cases").fetchone()[0]
        == 0
    )


def test_importing_twice_imports_nothing_twice(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    assert (
        run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(data), stdin=AS_ADMIN)[0] == 0
    )
    code, _, err = run(
        capsys, "case", "import", str(EXAMPLE), "--data-dir", str(data), stdin=AS_ADMIN
    )
    assert code == 1 and "已经导入过" in err


def test_journal_verify_fails_on_tampering(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(data), stdin=AS_ADMIN)
    conn = sqlite3.connect(data / "tongban.db")
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET actor = 'someone' WHERE seq = 5")
    conn.commit()
    code, out, _ = run(capsys, "journal", "verify", "--data-dir", str(data))
    assert code == 1 and "第 5 条" in out


def test_a_bad_config_is_named(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    (data / "config.toml").write_text('window = "three"\n', "utf-8")
    code, _, err = run(capsys, "case", "list", "--data-dir", str(data))
    assert code == 3 and "window" in err and "1–999" in err
