"""Captured materials as files: content-addressed storage, the case's list of them, retention."""
