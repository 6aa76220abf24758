"""``python -m terminal`` and the frozen bundle's entry point: the ``tongban`` command."""

import sys

from terminal.cli import main

if __name__ == "__main__":
    import multiprocessing

    # In the frozen bundle a spawned child (the SANE worker, devices/capture) starts this
    # same executable; freeze_support() makes it run the child's code instead of the CLI.
    multiprocessing.freeze_support()
    sys.exit(main())
