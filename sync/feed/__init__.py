"""What the portal tells the terminal: its feed pulled after a cursor, each entry guarded,
announced catalogues fetched. No Qt."""
