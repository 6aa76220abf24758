"""The hall display (叫号屏): a full-screen, read-only board on the hall's TV, with the spoken call."""
