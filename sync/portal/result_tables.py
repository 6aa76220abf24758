"""The reference portal's tables for a case read by another counter of its hall
(sync/portal/hall_cases.py) and for a case's result (sync/portal/results.py): kept beside
their code, as db.py's own list is long enough."""

SCHEMA = """
-- Who read a case of their hall from another counter (sync/portal/hall_cases.py).
CREATE TABLE IF NOT EXISTS hall_case_reads (
    case_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    clerk TEXT NOT NULL,
    at REAL NOT NULL,
    answered INTEGER NOT NULL  -- 0: refused (finished, or changed since), nothing sent
);
-- Who was shown a case's result by an ID card (sync/portal/results.py ``lookup``): the number
-- asked with is not kept, the case it found is.
CREATE TABLE IF NOT EXISTS result_reads (
    case_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    kind TEXT NOT NULL,  -- kiosk | counter
    clerk TEXT NOT NULL,  -- the counter's clerk signed in; '' at a kiosk
    at REAL NOT NULL
);
-- A case's result (出件, sync/portal/results.py): ready, then collected or mailed (then delivered).
CREATE TABLE IF NOT EXISTS results (
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    hall TEXT NOT NULL,
    items TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('collect', 'mail')),
    state TEXT NOT NULL CHECK (state IN ('ready', 'collected', 'mailed', 'delivered')),
    ready_at REAL NOT NULL,
    notified_at REAL,
    handed_by TEXT,
    handed_at REAL,
    handover TEXT,
    waybill TEXT UNIQUE
);
"""
