"""The hall queue (排队叫号) across terminals: its operations, its feed, offline tickets
pushed, listening for calls, the ``tongban queue`` command. No Qt."""
