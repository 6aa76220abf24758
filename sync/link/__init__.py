"""Talking to the portal: the wire protocol, the signed client and its transport,
believing answers, the terminal's key, enrolment. No Qt."""
