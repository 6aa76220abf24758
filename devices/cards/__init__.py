"""Card readers: GA 467 serial, PC/SC, simulated; one device thread."""
