"""The core's own ``tongban`` commands, one module a topic."""
