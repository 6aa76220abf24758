"""Portal sync: protocol client, outbox push, pull cursors, reference portal. No Qt."""

from terminal.i18n import register_messages

register_messages("sync")
