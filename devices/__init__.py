"""Card readers and printers behind small interfaces, one backend a module. No Qt."""

from terminal.i18n import register_messages

register_messages("devices")
