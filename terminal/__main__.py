"""``python -m terminal`` and the frozen bundle's entry point: the ``tongban`` command."""

import sys

from terminal.cli import main

if __name__ == "__main__":
    sys.exit(main())
