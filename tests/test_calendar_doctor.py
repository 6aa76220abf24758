"""``tongban doctor`` on the working-day calendar: which one is in force, and a warning from
``calendar_warn_from`` while next year has not reached this terminal, gone once it has."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from terminal import calendar_versions, doctor
from terminal.calendar_versions import Announced
from terminal.clock import now
from terminal.config import Config
from terminal.i18n import TongbanError
from terminal.journal import canonical
from terminal.store import Store, open_store

from .calendars import calendar_document

DECEMBER = date(2026, 12, 10)


def calendar_check(folder: Path, today: date, config: Config | None = None) -> doctor.Check:
    patient = doctor.Patient(folder, folder / "config.toml", config=config, today=today)
    (check,) = doctor.check_calendar(patient)
    return check


def settle(store: Store, version: str, document: object, seq: int) -> None:
    """As the sync worker does: announced by the feed, fetched, checked, settled."""
    digest = hashlib.sha256(canonical(document)).hexdigest()
    with store.write():
        calendar_versions.record_announcement(
            store.conn, {"version": version, "sha256": digest, "published_at": "x"}, seq
        )
        try:
            text, problem = calendar_versions.check(Announced(version, digest), document), None
        except TongbanError as e:
            text, problem = None, e.text()
        calendar_versions.settle(
            store.conn, version, document=text, problem=problem, terminal="XH-W01", at=now()
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "tongban.db", create=True)
    yield opened
    opened.close()


def test_the_warning_appears_in_december_and_goes_when_the_portal_s_calendar_arrives(
    tmp_path: Path, store: Store
) -> None:
    assert calendar_check(tmp_path, date(2026, 11, 30)).status is doctor.Status.OK
    missing = calendar_check(tmp_path, DECEMBER)
    assert missing.status is doctor.Status.WARNING and "2027" in missing.summary
    assert "/admin/calendar" in missing.fix and "holidays.json" in missing.fix
    settle(store, "2027.1", calendar_document("2027.1"), 1)
    covered = calendar_check(tmp_path, DECEMBER)
    assert covered.status is doctor.Status.OK, covered.summary
    assert "2027.1" in covered.summary  # which version is in force


def test_the_day_the_warning_starts_is_configurable(tmp_path: Path, store: Store) -> None:
    early = Config(calendar_warn_from="11-15")
    assert calendar_check(tmp_path, date(2026, 11, 14), early).status is doctor.Status.OK
    assert calendar_check(tmp_path, date(2026, 11, 20), early).status is doctor.Status.WARNING
    assert calendar_check(tmp_path, date(2026, 11, 20)).status is doctor.Status.OK  # 12-01


def test_a_refused_version_is_named_and_the_one_in_force_said(tmp_path: Path, store: Store) -> None:
    settle(store, "2027.1", calendar_document("2027.1"), 1)
    wrong = calendar_document("2027.2")
    wrong["years"]["2027"]["holidays"].append("2027-02-14")  # also listed as worked
    settle(store, "2027.2", wrong, 2)
    check = calendar_check(tmp_path, DECEMBER)
    assert check.status is doctor.Status.WARNING
    assert "2027.2" in check.summary and "2027-02-14" in check.summary
    assert "2027.1" in check.summary  # still counted with the previous one
    assert calendar_versions.in_force(store.conn, tmp_path).version == "2027.1"


def test_the_data_folder_file_is_named_over_the_portal_s_years(
    tmp_path: Path, store: Store
) -> None:
    settle(store, "2027.1", calendar_document("2027.1"), 1)
    path = tmp_path / "holidays.json"
    path.write_text(
        '{"format": "tongban.holidays/1", "years": {"2027": {"holidays": ["2027-01-04"],'
        ' "working_weekends": []}}}',
        "utf-8",
    )
    check = calendar_check(tmp_path, DECEMBER)
    assert check.status is doctor.Status.OK and str(path) in check.summary
    force = calendar_versions.in_force(store.conn, tmp_path)
    # IT's own file wins for its years: 4 January 2027 is a day off, 6 February is not.
    assert not force.calendar.is_working_day(date(2027, 1, 4))
    assert force.calendar.is_working_day(date(2027, 2, 8))
