"""The hall queue (排队叫号): tickets per service group, the calling order, the offline range.

The rules (docs/queue.md argues them):

- Order: appointments and the green channel first, then first come; a transferred
  ticket keeps its place (``ORDER_SQL``, ``sort_key``).
- One caller per ticket at a time: the portal for the tickets it numbered and for those
  handed to it; the issuing terminal for the tickets it numbered offline, until it hands
  them over — for good (``handed_over`` never goes back).
- Offline numbers carry the window (``A3-012``: group A, window 3's own series); the
  portal's never hold a '-', and the portal binds a window number to one terminal a
  day, so no two terminals can issue the same number.
- Each change is one transaction with its journal entry (ticket numbers, never a
  person); a change to a ticket the portal owns writes its outbox row in it too.

No Qt, no network: ``sync/hall/operations.py`` decides online or offline and talks to the portal.
"""

from terminal.hall.groups import Group, Groups, groups_or_shipped, load_groups
from terminal.hall.model import (
    ACTION_FORMAT,
    ACTIONS,
    ORDER_SQL,
    OUTBOX_ACTION,
    OUTBOX_MERGE,
    PRIORITIES,
    STATES,
    TICKET_FORMAT,
    Call,
    QueueError,
    Ticket,
    action_body,
    day_of,
    moved,
    offline_number,
    offline_range_of,
    portal_number,
    sort_key,
)
from terminal.hall.ops import act_local, apply_answer, call_next_local, hand_over, issue_local
from terminal.hall.table import (
    appointments,
    bookmark,
    changed_since,
    counts,
    current,
    delivered,
    find,
    get,
    mirror,
    recent_calls,
    recently_called,
    record_call,
    waiting,
)

__all__ = [
    "ACTIONS",
    "ACTION_FORMAT",
    "ORDER_SQL",
    "OUTBOX_ACTION",
    "OUTBOX_MERGE",
    "PRIORITIES",
    "STATES",
    "TICKET_FORMAT",
    "Call",
    "Group",
    "Groups",
    "QueueError",
    "Ticket",
    "act_local",
    "action_body",
    "apply_answer",
    "appointments",
    "bookmark",
    "call_next_local",
    "changed_since",
    "counts",
    "current",
    "day_of",
    "delivered",
    "find",
    "get",
    "groups_or_shipped",
    "hand_over",
    "issue_local",
    "load_groups",
    "mirror",
    "moved",
    "offline_number",
    "offline_range_of",
    "portal_number",
    "recent_calls",
    "recently_called",
    "record_call",
    "sort_key",
    "waiting",
]
