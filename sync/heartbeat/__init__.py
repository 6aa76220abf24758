"""Each terminal's heartbeat to the portal: what it runs and has (issue 18)."""
