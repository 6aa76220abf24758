"""Tongban Terminal core: domain types, catalogue, cases, journal, store, config, CLI.

This package never imports Qt: every rule of the business runs and is tested
without a screen.
"""

__version__ = "0.1.0"
