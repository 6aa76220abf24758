"""Printed documents (reportlab, Simplified Chinese): receipt, one-time notice,
rejection notice, queue ticket, test page. Layout only: printing is devices/printers/.
"""
