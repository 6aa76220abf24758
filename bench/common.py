"""Helpers shared by the benchmarks: a sample case and percentile arithmetic."""

from __future__ import annotations

import statistics
import uuid
from datetime import date, datetime, timedelta

from terminal import catalogue
from terminal.cases import Applicant, Capture, Decided, Decision, Handed, MaterialsGiven, decide
from terminal.identity import DocumentKind, check_character
from terminal.workdays import default_calendar

SERVICE = "310104-GA-JZZ-0001"
ANSWERS = {"jzz_apply_type": "first", "jzz_basis": "employment", "residence_type": "rented"}
FORM = {
    "residence_address": "上海市徐汇区示例路100弄1号101室",
    "residence_start_date": "2026-03-01",
    "employer_name": "上海示例科技有限公司",
    "applicant_phone": "13800000001",
}
GIVEN = MaterialsGiven(handed={c: Handed(1, 0) for c in ("CL-SFZ", "CL-ZLHT", "CL-LDHT")})


CITIZENS = 400_000  # a million cases come from fewer people: some come back


def sample_id_number(i: int) -> str:
    """An invented, valid ID number for citizen ``i % CITIZENS``: born 1950 onwards, Xuhui area code."""
    who = i % CITIZENS
    birth = date(1950, 1, 1) + timedelta(days=who // 1000 * 50)
    first17 = f"310104{birth:%Y%m%d}{who % 1000:03d}"
    return first17 + check_character(first17)


def sample_decided(i: int, at: datetime) -> Decided:
    cap = Capture(
        str(uuid.uuid4()),
        SERVICE,
        Applicant(DocumentKind.RESIDENT_ID, "示例", sample_id_number(i)),
        ANSWERS,
        FORM,
        GIVEN,
    )
    return decide(
        catalogue.load_default(),
        cap,
        Decision.ACCEPTED,
        received_at=at,
        calendar=default_calendar(),
    )


def percentiles(samples_ms: list[float]) -> str:
    qs = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return (
        f"n={len(samples_ms)} median={statistics.median(samples_ms):.3f} ms "
        f"p95={qs[94]:.3f} ms p99={qs[98]:.3f} ms max={max(samples_ms):.3f} ms"
    )
