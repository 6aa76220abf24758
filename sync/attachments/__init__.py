"""Attachments to the portal: resumable signed uploads behind the cases, and retention."""
