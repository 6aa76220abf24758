"""Portal sync: protocol client, outbox push, pull cursors, reference portal. No Qt."""
