"""The heartbeat's outbox row: what it is, and why it is not counted as unsent.

A heartbeat (sync/heartbeat/) tells the portal what this terminal runs and has. It
goes through the outbox like everything else that must reach the portal, but it is
no citizen's business: at most one waits at a time (a newer one is never queued
behind it: the one waiting is sent with the facts of the moment it goes), and the
counts a clerk or IT reads as "not yet sent" leave it out.
"""

from __future__ import annotations

OUTBOX_HEARTBEAT = "terminal.heartbeat"
# This terminal's roll-ups for the hall's figures (sync/figures.py): like a heartbeat, one
# waits at most, carries the figures of the moment it goes, and is no citizen's business.
OUTBOX_FIGURES = "figures.push"
# For the counts of unsent rows: `... WHERE state = 'pending' AND {NOT_HEARTBEAT}`.
NOT_HEARTBEAT = f"kind NOT IN ('{OUTBOX_HEARTBEAT}', '{OUTBOX_FIGURES}')"
