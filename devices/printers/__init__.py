"""Printers: CUPS and a PDF folder; every print a recorded job."""
