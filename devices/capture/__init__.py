"""Capture: pages of paper (and files) become JPEG pages, then one PDF per material.

Adapters share devices/capture/base.py: SANE scanners (in a worker process), files from a
folder or USB stick; the document camera lives in ui/capture (Qt Multimedia) and hands
its stills to devices/capture/sheet.py like any photo.
"""
