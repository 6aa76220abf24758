"""case import checks the file against its published JSON Schema: strict types and lengths,
plausible dates, the record and field of every problem; still all or nothing."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from terminal import i18n, import_schema
from terminal.importer import ImportRefused, import_records
from terminal.store import Store
from terminal.workdays import default_calendar

from .test_cli import EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
GOOD: dict[str, Any] = json.loads(EXAMPLE.read_text("utf-8"))


def refused(store: Store, raw: Any) -> str:
    from terminal.catalogue import load_default

    with pytest.raises(ImportRefused) as caught:
        import_records(
            store,
            raw,
            catalogue=load_default(),
            calendar=default_calendar(),
            terminal_id="XH-W01",
            actor="sup.test",
        )
    assert store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0  # none of it
    return caught.value.text("en")


def test_the_schema_is_published_beside_the_format_and_is_the_one_in_use() -> None:
    published = ROOT / "docs" / "case-import.schema.json"
    assert json.loads(published.read_text("utf-8")) == import_schema.schema()
    assert "case-import.schema.json" in (ROOT / "docs" / "case-import.md").read_text("utf-8")
    assert import_schema.problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: r["applicant"].update(name=None),
            "#1 XH-PAPER-20261120-001: applicant.name: null is of the wrong type; it must be text",
        ),
        (lambda r: r["applicant"].update(name="   "), "applicant.name"),
        (lambda r: r["applicant"].update(name="张" * 61), "applicant.name is too long (at most 60"),
        (
            lambda r: r.update(answers=["first"]),
            'answers: ["first"] is of the wrong type; it must be an object',
        ),
        (
            lambda r: r["materials"]["handed"]["CL-SFZ"].update(copies="2"),
            "materials.handed.CL-SFZ.copies",
        ),
        (lambda r: r["materials"]["handed"]["CL-SFZ"].update(copies=-1), "must not be below 0"),
        (
            lambda r: r.update(decision="approved"),
            "decision must be one of: accepted, needs_correction, rejected",
        ),
        (lambda r: r.update(recieved_at="x"), "keys the format does not know: recieved_at"),
        (lambda r: r.pop("clerk"), "clerk is missing"),
        (
            lambda r: r.update(received_at="2026-02-30T09:00:00+08:00"),
            "should look like 2026-11-20T09:12:00+08:00",
        ),
        (lambda r: r.update(received_at="2019-11-20T09:00:00+08:00"), "before 2024-01-01"),
        (lambda r: r["applicant"].update(id_number="11010520301231002X"), None),
        (lambda r: r.update(form={"applicant_phone": {"nested": 1}}), "form.applicant_phone"),
    ],
)
def test_each_wrong_shape_is_named_by_record_and_field(
    store: Store, change: Any, expected: str | None
) -> None:
    raw = copy.deepcopy(GOOD)
    change(raw["cases"][0])
    text = refused(store, raw)
    assert "#1 XH-PAPER-20261120-001" in text
    assert "Traceback" not in text and "None" not in text
    if expected:
        assert expected in text, text
    assert "#2" not in text  # the good records are not blamed


def test_a_file_of_the_wrong_shape_is_refused_not_crashed(store: Store) -> None:
    for raw in ({"format": "tongban.case-import/1", "cases": "all of them"}, [1, 2], None):
        assert "Nothing was imported" in refused(store, raw)


def test_every_problem_in_every_record_is_listed_at_once(store: Store) -> None:
    raw = copy.deepcopy(GOOD)
    raw["cases"][0]["applicant"]["name"] = None
    raw["cases"][2]["decision"] = 3
    raw["cases"][4]["received_at"] = "2026-11-20 14:40"
    text = refused(store, raw)
    assert all(f"#{n} " in text for n in (1, 3, 5)), text


def test_messages_are_in_the_terminals_language(store: Store) -> None:
    raw = copy.deepcopy(GOOD)
    raw["cases"][0]["applicant"]["name"] = None
    from terminal.catalogue import load_default

    i18n.set_language("zh_CN")
    with pytest.raises(ImportRefused) as caught:
        import_records(
            store,
            raw,
            catalogue=load_default(),
            calendar=default_calendar(),
            terminal_id="XH-W01",
            actor="sup.test",
        )
    assert "applicant.name：null 的类型不对，应为文字" in caught.value.text()
    assert os.linesep not in caught.value.problems[0][2].text()


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    from .conftest import add_first_admin
    from .test_cli import run

    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    return d


def test_a_deeply_nested_file_is_a_sentence_not_a_crash(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import AS_ADMIN
    from .test_cli import run

    deep = tmp_path / "deep.json"
    deep.write_text(
        '{"format": "tongban.case-import/1", "cases": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    argv = ("case", "import", str(deep), "--data-dir", str(data), "--lang", "en")
    code, _, err = run(capsys, *argv, stdin=AS_ADMIN)
    assert code == 1 and "100001 levels deep" in err and "not a case-import file" in err
    # Brackets inside strings are text, not nesting: such a file gets the usual checks.
    quoted = tmp_path / "quoted.json"
    record = {**GOOD["cases"][0], "notes": "[" * 1000}
    quoted.write_text(json.dumps({**GOOD, "cases": [record]}))
    code, _, err = run(
        capsys,
        "case",
        "import",
        str(quoted),
        "--data-dir",
        str(data),
        "--lang",
        "en",
        stdin=AS_ADMIN,
    )
    assert "levels deep" not in err


def test_an_oversized_file_is_refused_before_it_is_read(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from terminal import importer

    from .conftest import AS_ADMIN
    from .test_cli import run

    monkeypatch.setattr(importer, "MAX_BYTES", 2**20)  # the real cap is 16 MiB
    big = tmp_path / "big.json"
    big.write_text(json.dumps({**GOOD, "cases": GOOD["cases"] * 400}))
    argv = ("case", "import", str(big), "--data-dir", str(data), "--lang", "en")
    code, _, err = run(capsys, *argv, stdin=AS_ADMIN)
    assert code == 1 and "at most 1.0 MB" in err and "Split it" in err
