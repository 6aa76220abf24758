"""A syncing process killed with SIGKILL at random points: 0 lost, 0 duplicated."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminal.catalogue import Catalogue

from .killing import soak

TRIALS = 120


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_doubles_nothing(
    tmp_path: Path, mini_catalogue: Catalogue
) -> None:
    report = soak(tmp_path, mini_catalogue, TRIALS, max_delay=0.06)
    assert report.trials == TRIALS
    assert report.lost == 0 and report.duplicated == 0
    assert report.cases == TRIALS * 3 == report.cases_on_portal
    # The kills landed among real work: rows went out between kills, and kills left rows
    # behind (loose bounds: how far a child gets in its milliseconds depends on the machine).
    assert len(set(report.sent_at_kill)) > 10
    assert any(sent < 3 * (i + 1) for i, sent in enumerate(report.sent_at_kill))


@pytest.mark.slow
def test_sigkill_while_a_middlebox_lies_loses_doubles_and_conflicts_nothing(
    tmp_path: Path, mini_catalogue: Catalogue
) -> None:
    from .test_middlebox import LIES

    trials = 40
    report = soak(tmp_path, mini_catalogue, trials, max_delay=0.08, lies=LIES, lie_rate=0.4)
    assert report.trials == trials and report.lies > 10
    assert report.lost == 0 and report.duplicated == 0 and report.false_conflicts == 0
    assert report.cases == trials * 3 == report.cases_on_portal
