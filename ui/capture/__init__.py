"""Capture at the window: the document camera's preview and still (Qt Multimedia), the
scanner and files, one dialog per material row; the heavy work on a thread of its own."""
