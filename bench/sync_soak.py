"""The long SIGKILL soak: a syncing process killed at random moments, many times.

Each trial records 3 cases offline, lets the portal move a case now and then,
forks a child that syncs in batches of 2, and SIGKILLs it after a random
0–40 ms; after every kill the journal must verify and nothing may be lost or
doubled. At the end the link comes back for good and every case must be on
the portal exactly once, with the status the portal gave it.
The suite runs 120 trials (tests/sync/test_sigkill.py); this runs more.

Run: .venv/bin/python -m bench.sync_soak [--trials 1000] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from terminal import catalogue
from tests.sync.killing import soak

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--max-delay", type=float, default=0.04)
    args = parser.parse_args()
    cat = catalogue.parse(json.loads((DATA / "mini_catalogue.json").read_text("utf-8")), "mini")
    with tempfile.TemporaryDirectory(dir="/var/tmp") as d:
        report = soak(Path(d), cat, args.trials, seed=args.seed, max_delay=args.max_delay)
    kills_mid_drain = sum(
        1 for a, b in zip(report.sent_at_kill, report.sent_at_kill[1:], strict=False) if b > a
    )
    print(f"trials (SIGKILLs):        {report.trials}")
    print(f"cases written:            {report.cases}  (on the portal: {report.cases_on_portal})")
    print(f"kills with sends between: {kills_mid_drain}")
    print(f"lost:                     {report.lost}")
    print(f"duplicated:               {report.duplicated}")
    print(f"wall time:                {report.seconds:.1f} s")
    if report.lost or report.duplicated:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
