"""Schema v14: facts from events (issue 17, 监督): every ticket's and case's life as rows of
``events``, and their roll-ups written in the same transaction as the event
(terminal/supervision/events.py): ``figures_daily`` per day × window × clerk × service and
``figures_hourly`` per day × hour (an hour in every cut would make the daily rows ten times
as many), so a month is summed from about a thousand rows instead of every event of it.

No citizen in either: a ticket's id and number's group, a case's id and service code.
Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v14_events(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            subject_kind TEXT NOT NULL CHECK (subject_kind IN ('ticket', 'case')),
            subject TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('taken', 'called', 'served_from', 'served_to',
                'skipped', 'transferred', 'no_show', 'received', 'decided', 'due',
                'notice_due', 'promise_due', 'collected')),
            at TEXT NOT NULL,
            day TEXT NOT NULL,
            hour INTEGER NOT NULL,
            window_no INTEGER NOT NULL DEFAULT 0,
            clerk TEXT NOT NULL DEFAULT '',
            service TEXT NOT NULL DEFAULT '',
            terminal TEXT NOT NULL,
            outcome TEXT,
            due_date TEXT,
            seconds INTEGER
        );
        CREATE INDEX events_subject ON events (subject, id);
        CREATE INDEX events_day ON events (day);
        CREATE TABLE figures_daily (
            day TEXT NOT NULL,
            window_no INTEGER NOT NULL,
            clerk TEXT NOT NULL,
            service TEXT NOT NULL,
            taken INTEGER NOT NULL DEFAULT 0,
            called INTEGER NOT NULL DEFAULT 0,
            served INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            transferred INTEGER NOT NULL DEFAULT 0,
            no_show INTEGER NOT NULL DEFAULT 0,
            waits INTEGER NOT NULL DEFAULT 0,
            wait_sum INTEGER NOT NULL DEFAULT 0,
            wait_max INTEGER NOT NULL DEFAULT 0,
            wait_over INTEGER NOT NULL DEFAULT 0,
            handled INTEGER NOT NULL DEFAULT 0,
            handle_sum INTEGER NOT NULL DEFAULT 0,
            handle_max INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            corrections INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            decided INTEGER NOT NULL DEFAULT 0,
            collected INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (day, window_no, clerk, service)
        ) WITHOUT ROWID;
        CREATE TABLE figures_hourly (
            day TEXT NOT NULL,
            hour INTEGER NOT NULL,
            taken INTEGER NOT NULL DEFAULT 0,
            called INTEGER NOT NULL DEFAULT 0,
            served INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            transferred INTEGER NOT NULL DEFAULT 0,
            no_show INTEGER NOT NULL DEFAULT 0,
            waits INTEGER NOT NULL DEFAULT 0,
            wait_sum INTEGER NOT NULL DEFAULT 0,
            wait_max INTEGER NOT NULL DEFAULT 0,
            wait_over INTEGER NOT NULL DEFAULT 0,
            handled INTEGER NOT NULL DEFAULT 0,
            handle_sum INTEGER NOT NULL DEFAULT 0,
            handle_max INTEGER NOT NULL DEFAULT 0,
            received INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            corrections INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            decided INTEGER NOT NULL DEFAULT 0,
            collected INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (day, hour)
        ) WITHOUT ROWID;
        """
    )
