"""Card readers and printers behind small interfaces, one backend a module. No Qt."""
