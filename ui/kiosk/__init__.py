"""The self-service kiosk: full screen, touch first, large type, wiped when left alone."""
