"""The reference portal: implements docs/portal-api.yaml for development, tests and demos.

It is what a real portal adapter must behave like: a real unique key on every
idempotency key, the first answer replayed, 409 for a key reused with another
body, signed requests with a freshness window and single-use nonces, and one
sequence ordering everything a terminal pulls.
"""

from sync.portal.app import Portal
from sync.portal.server import RunningPortal, make_server

__all__ = ["Portal", "RunningPortal", "make_server"]
