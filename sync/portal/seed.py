"""Demo data for the reference portal. Every citizen here is invented."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sync.portal import admin
from sync.portal.app import Portal
from terminal.catalogue import DATA_DIR
from terminal.clock import CHINA

# Valid check characters, nobody behind them (GB 11643-1999's own example is the first).
DEMO_CITIZENS = [
    ("11010519491231002X", "测试甲"),
    ("310104199003070018", "示例乙"),
]


def seed_demo(portal: Portal, hall: str) -> None:
    now = portal.clock()
    today = datetime.fromtimestamp(now, CHINA).replace(hour=9, minute=0, second=0, microsecond=0)
    with portal.db.write() as conn:
        if conn.execute("SELECT count(*) FROM appointments").fetchone()[0]:
            return  # seeded already: a restart keeps the demo as it was
        # The shipped catalogue, republished as the portal's own version: the terminal fetches
        # it, checks it and takes it at its next start (tongban sync status shows it).
        document = json.loads((DATA_DIR / "catalogue.json").read_text("utf-8"))
        document["version"] += "-demo"
        admin.publish_catalogue(conn, {"version": document["version"], "document": document}, now)
        for i, (id_number, name) in enumerate(DEMO_CITIZENS):
            start = today + timedelta(minutes=30 * i)
            admin.publish_appointment(
                conn,
                {
                    "hall": hall,
                    "intake_code": "310104-GA-JZZ-0001",
                    "slot_start": start.isoformat(),
                    "slot_end": (start + timedelta(minutes=30)).isoformat(),
                    "applicant_name": name,
                    "id_number": id_number,
                },
                now,
            )
            admin.publish_ticket(conn, {"hall": hall, "intake_code": "310104-GA-JZZ-0001"}, now)
            admin.hold_ecert(
                conn,
                {
                    "id_number": id_number,
                    "material": "CL-SFZ",
                    "title": "居民身份证电子证照",
                    "issuer": "上海市公安局",
                    "valid_until": "2036-01-01",
                },
            )
        # One online application still open, one the citizen withdrew: the second
        # turns the counter's case for the same citizen and service into a conflict.
        admin.record_online_application(
            conn, {"id_number": DEMO_CITIZENS[0][0], "intake_code": "310104-GA-JZZ-0001"}, now
        )
        withdrawn = admin.record_online_application(
            conn, {"id_number": DEMO_CITIZENS[1][0], "intake_code": "310104-GA-JZZ-0001"}, now
        )
        admin.withdraw_online_application(conn, withdrawn["application_no"], now)
